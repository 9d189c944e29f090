//! placeholder
pub mod gazetteer;
