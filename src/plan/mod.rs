//! The plan: YAML → typed model (serde) → validation.

pub mod load;
pub mod model;
pub mod prose;
pub mod source_map;
pub mod text;
pub mod validate;

pub use load::{LoadedPlan, load};
pub use model::Plan;
