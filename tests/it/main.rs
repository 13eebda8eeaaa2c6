//! Every integration test in one binary (one link of the crate instead of one per file):
//! a module per concern, sharing `common` (the real binary on temporary databases, a real
//! terminal in tmux, the throwaway PostgreSQL server). The long soak has its own binary,
//! `tests/soak.rs`.

mod common;

mod alerts_dbus;
mod alerts_store;
mod alerts_update;
mod backup;
mod bad_input;
mod big;
mod board_truth;
mod browser;
mod call_ups;
mod cli;
mod config_check;
mod console;
mod crash;
mod dashboard_keys;
mod dashboard_update;
mod demo;
mod e2e_demo;
mod e2e_keyboard;
mod e2e_links;
mod e2e_live;
mod e2e_locks;
mod e2e_officer;
mod e2e_open311;
mod e2e_shared;
mod e2e_tmux;
mod e2e_wall;
mod export_import;
mod figures_fixed;
mod fuzz;
mod handover_cli;
mod help;
mod hostile;
mod hostile_files;
mod keymap;
mod layout;
mod lifecycle_props;
mod new_officer;
mod open311;
mod output_failures;
mod privacy;
mod recommend;
mod report_screens;
mod screens;
mod seed_figures;
mod service;
mod shared_db;
mod shared_tls;
mod shell;
mod store;
mod suggest;
mod web;
