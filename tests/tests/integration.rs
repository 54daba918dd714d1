//! The integration suite over HTTP: the real server on 127.0.0.1:0 and a fresh SQLite or
//! PostgreSQL database for each test (`RENQIAN_TEST_BACKEND`). One binary, a module per area.

mod administration;
mod appointment_files;
mod appointments;
mod backup;
mod bank_import;
mod bank_quality;
mod bank_versions;
mod deadline;
mod drawn_papers;
mod exam_loop;
mod friction;
mod hostile;
mod law_versions;
mod live_console;
mod local_regulations;
mod marking;
mod overload;
mod practice;
mod proctoring;
mod results;
mod roster;
mod save_path;
mod security;
mod servers_starting;
mod site;
mod sitting_states;
mod staff_friction;
mod trusted_proxy;
