//! Hostile: uploads.
