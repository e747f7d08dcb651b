//! The plan: YAML files → merged tree (extends, roster, placeholders) → typed model (serde) →
//! people resolved → validation.

pub mod attachment;
pub mod issued;
pub mod load;
pub mod merge;
pub mod model;
pub mod outline;
pub mod people;
pub mod prose;
pub mod slips;
pub mod source_map;
pub mod text;
mod typing;
pub mod validate;
mod yaml_errors;

pub use load::{LoadedPlan, load};
pub use model::Plan;
