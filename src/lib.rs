//! dutydesk: the duty desk of a community that promises someone on the scene within 15 minutes.
//!
//! Events flow one way: input → domain rules → store. `domain` is pure; `store` is the only
//! code that speaks SQL; `desk` is what the command line (and the dashboard) call.

pub mod app;
pub mod catalog;
pub mod cli;
pub mod config;
pub mod dashboard;
pub mod demo;
pub mod desk;
pub mod domain;
pub mod export;
pub mod i18n;
pub mod keymap;
pub mod location;
pub mod logging;
pub mod notice;
pub mod present;
pub mod privacy;
pub mod reasons;
pub mod store;
pub mod subdistrict;
pub mod text;
pub mod timebase;
pub mod tomlfile;
pub mod ui;
pub mod web;
pub mod when;
