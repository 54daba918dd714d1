//! `renqian`: the server and its administration commands.

use std::io::BufRead;
use std::process::ExitCode;

use app::audit::Actor;
use app::auth::{password, Role};
use app::bank::repo::{LawVersionRepo, QuestionRepo};
use clap::{Parser, Subcommand};
use question_bank::formats::{self, Format};

use crate::config::ServeConfig;
use crate::db::Db;

/// 任前法律知识考试系统 Renqian: pre-appointment legal knowledge examinations.
#[derive(Parser, Debug)]
#[command(name = "renqian", version)]
pub struct Cli {
    /// sqlite://renqian.db (the default: one file, created if missing) or postgres://user@host/db
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "sqlite://renqian.db",
        global = true
    )]
    pub database_url: String,
    #[command(subcommand)]
    pub command: Command,
}

/// What to do.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Run the web server (migrates the database first).
    Serve {
        #[command(flatten)]
        config: ServeConfig,
        /// On an empty database, seed a demo city with two districts, staff of every role,
        /// questions, a sitting open now and candidates; print their logins once.
        #[arg(long)]
        demo: bool,
    },
    /// Bring the database schema up to date and exit.
    Migrate,
    /// Create an administrator, or with --role another staff account (and the jurisdiction,
    /// if new). Prints a generated password unless --password-stdin is given.
    CreateAdmin {
        #[arg(long)]
        username: String,
        /// admin (the default), staff, proctor, grader or reviewer.
        #[arg(long, default_value = "admin", value_parser = parse_role)]
        role: Role,
        /// The name shown in the header and the audit log.
        #[arg(long)]
        name: String,
        /// e.g. JC (city) or JC-DH (district).
        #[arg(long)]
        jurisdiction_code: String,
        /// e.g. 江城市人大常委会.
        #[arg(long)]
        jurisdiction_name: String,
        /// The parent's code, for a district.
        #[arg(long)]
        parent_code: Option<String>,
        /// Read the password from the first line of standard input.
        #[arg(long)]
        password_stdin: bool,
    },
    /// Import questions from .xlsx, .csv or .json files into a jurisdiction's bank: all files
    /// are checked first, and nothing is written unless every row of every file is valid.
    ImportQuestions {
        /// The jurisdiction whose bank receives the questions.
        #[arg(long)]
        jurisdiction_code: String,
        /// Files in the import template's format (or the project's JSON format).
        #[arg(required = true)]
        files: Vec<std::path::PathBuf>,
    },
    /// Load the seed bank shipped with Renqian (cited questions for every bank) into a
    /// jurisdiction; questions already there are skipped.
    SeedBank {
        #[arg(long)]
        jurisdiction_code: String,
    },
    /// Load a newer text of a law (a .md file in the shipped statute format) with its version
    /// date: compared article by article with the text in force, every question citing a
    /// changed, renumbered or removed article is held for review (待复核) until staff confirm
    /// or revise it.
    LoadStatute {
        /// The law's id, e.g. supervision-law.
        #[arg(long)]
        law: String,
        /// The new text's version date, YYYY-MM-DD (later than the one in force).
        #[arg(long)]
        version: String,
        /// The text.
        file: std::path::PathBuf,
    },
    /// Set a new password for a staff account. Prints a generated one unless --password-stdin.
    ResetPassword {
        #[arg(long)]
        username: String,
        /// Recorded in the audit log.
        #[arg(long)]
        reason: String,
        #[arg(long)]
        password_stdin: bool,
    },
    /// Recompute the audit log's hash chain: prints the head (id and hash) if every event
    /// holds, or names the first broken link (its id and what differs) and exits non-zero.
    VerifyAudit,
    /// Write a consistent copy of the database (safe while a sitting runs) into one archive
    /// with a manifest: time, schema version, row counts, audit chain head, SHA-256 of the copy.
    /// PostgreSQL needs `pg_dump` on the PATH.
    Backup {
        /// The archive to write (a zip); written whole or not at all.
        #[arg(long)]
        to: std::path::PathBuf,
    },
    /// Restore a backup archive into an EMPTY database (refuses one that has tables), then
    /// verify row counts, schema version and the audit chain against its manifest; exits
    /// non-zero on any difference. PostgreSQL needs `pg_restore` on the PATH.
    Restore {
        /// The archive written by `renqian backup`.
        #[arg(long)]
        from: std::path::PathBuf,
    },
}

/// Parses the command line and runs it.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .with_target(false)
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("cannot start the async runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if e.is::<BrokenChain>() => {
            eprintln!("renqian: {e}");
            ExitCode::from(2)
        }
        Err(e) => {
            eprintln!("renqian: {e}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error>> {
    // Neither migrates: a backup copies the database as it is, a restore needs it empty.
    match &cli.command {
        Command::Backup { to } => {
            let db = Db::connect(&cli.database_url).await?;
            let m =
                crate::backup::backup(&db, &cli.database_url, to, &Actor::system("cli")).await?;
            println!(
                "backup written to {}: {} database at {}, schema {}, {} rows in {} tables, audit head {}, sha256 {}",
                to.display(),
                m.backend,
                m.created_at,
                m.contents.schema_version,
                m.contents.tables.values().sum::<i64>(),
                m.contents.tables.len(),
                m.contents.audit_head.as_ref().map_or("none".to_owned(), |h| h.short()),
                m.database_sha256
            );
            return Ok(());
        }
        Command::Restore { from } => {
            let r = crate::backup::restore(&cli.database_url, from, &Actor::system("cli")).await?;
            println!(
                "restored and verified the backup of {}: schema {}, row counts of {} tables match, audit chain intact ({} events{}); the restore is recorded in the audit log",
                r.manifest.created_at,
                r.manifest.contents.schema_version,
                r.manifest.contents.tables.len(),
                r.audit_events_checked,
                r.manifest.contents.audit_head.as_ref().map_or(String::new(), |h| format!(", head {}", h.short()))
            );
            return Ok(());
        }
        _ => {}
    }
    let db = Db::connect(&cli.database_url).await?;
    db.migrate()
        .await
        .map_err(|e| e as Box<dyn std::error::Error>)?;
    let cli_actor = Actor::system("cli");
    match cli.command {
        Command::Migrate => println!("database is up to date"),
        Command::Serve { config, demo } => {
            // Seeded before the server (and its deadline sweeper) starts; printed after, with
            // the address it really listens on.
            let logins = if demo && db.is_empty().await? {
                Some(crate::demo::seed(&db).await?)
            } else {
                None
            };
            let running = crate::start(&config, db.clone()).await?;
            if let Some(logins) = logins {
                logins.print(&crate::demo::browsable(running.addr));
            }
            let _backups = crate::start_backups(&config, db, &cli.database_url);
            tracing::info!("Renqian listening on http://{}", running.addr);
            tokio::select! {
                result = running.server => result??,
                _ = tokio::signal::ctrl_c() => tracing::info!("shutting down"),
            }
        }
        Command::CreateAdmin {
            username,
            role,
            name,
            jurisdiction_code,
            jurisdiction_name,
            parent_code,
            password_stdin,
        } => {
            let (secret, generated) = read_or_generate(password_stdin)?;
            let jurisdiction = db
                .ensure_jurisdiction(
                    &jurisdiction_code,
                    &jurisdiction_name,
                    parent_code.as_deref(),
                )
                .await?;
            let actor = Actor {
                jurisdiction_id: Some(jurisdiction),
                ..cli_actor
            };
            db.create_staff(
                &actor,
                jurisdiction,
                &username,
                &name,
                role,
                &password::hash(&secret),
            )
            .await?;
            println!(
                "created {} {username} in {jurisdiction_name}",
                role.label(app::i18n::Lang::En).to_lowercase()
            );
            if generated {
                println!("password (shown once): {secret}");
            }
        }
        Command::ImportQuestions {
            jurisdiction_code,
            files,
        } => {
            let jurisdiction = db.jurisdiction_id(&jurisdiction_code).await?;
            let mut questions = Vec::new();
            let mut problems = Vec::new();
            for path in &files {
                let name = path.display().to_string();
                let format = Format::from_file_name(&name).ok_or_else(|| {
                    format!("{name}: only .xlsx, .csv and .json files can be imported")
                })?;
                match formats::read(format, &std::fs::read(path)?) {
                    Err(e) => problems.push(format!("{name}: {e}")),
                    Ok(rows) => {
                        for row in rows {
                            match row.result {
                                Ok(q) => questions.push(q),
                                Err(e) => problems.push(format!("{name}: {}", e.message_zh())),
                            }
                        }
                    }
                }
            }
            if !problems.is_empty() {
                return Err(format!(
                    "nothing imported; fix these {} problems first:\n{}",
                    problems.len(),
                    problems.join("\n")
                )
                .into());
            }
            let actor = Actor {
                jurisdiction_id: Some(jurisdiction),
                ..cli_actor
            };
            let source = files
                .iter()
                .map(|f| f.display().to_string())
                .collect::<Vec<_>>()
                .join(", ");
            let added = db
                .import_questions(&actor, jurisdiction, &questions, &source)
                .await?;
            println!(
                "imported {added} questions ({} already in the bank were skipped)",
                questions.len() - added
            );
        }
        Command::LoadStatute { law, version, file } => {
            if std::fs::metadata(&file)?.len()
                > question_bank::bank::law_versions::MAX_TEXT_BYTES as u64
            {
                return Err(format!("{}: the text is over the size limit", file.display()).into());
            }
            let text = std::fs::read_to_string(&file)?;
            let loaded = db.load_statute(&cli_actor, &law, &version, &text).await?;
            println!(
                "loaded {law} {version}: {} articles changed, renumbered or removed; {} questions held for review",
                loaded.changes.iter().filter(|c| c.needs_review().is_some()).count(),
                loaded.flagged
            );
        }
        Command::SeedBank { jurisdiction_code } => {
            let jurisdiction = db.jurisdiction_id(&jurisdiction_code).await?;
            let questions = question_bank::bank::seed::questions()?;
            let actor = Actor {
                jurisdiction_id: Some(jurisdiction),
                ..cli_actor
            };
            let added = db
                .import_questions(&actor, jurisdiction, &questions, "seed bank")
                .await?;
            println!(
                "loaded {added} seed questions ({} already in the bank were skipped)",
                questions.len() - added
            );
        }
        Command::VerifyAudit => match db.verify_audit_chain().await? {
            Ok((head, checked)) => println!(
                "audit chain intact: {checked} events, head #{} {}",
                head.id, head.hash
            ),
            Err(broken) => return Err(Box::new(BrokenChain(broken))),
        },
        Command::Backup { .. } | Command::Restore { .. } => unreachable!("handled above"),
        Command::ResetPassword {
            username,
            reason,
            password_stdin,
        } => {
            let (secret, generated) = read_or_generate(password_stdin)?;
            db.set_password(&cli_actor, &username, &password::hash(&secret), &reason)
                .await?;
            println!("password of {username} replaced");
            if generated {
                println!("new password (shown once): {secret}");
            }
        }
    }
    Ok(())
}

/// A broken audit chain: `verify-audit` exits with status 2 (1 is any other failure).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct BrokenChain(question_bank::audit_chain::BrokenLink);

fn read_or_generate(from_stdin: bool) -> Result<(String, bool), Box<dyn std::error::Error>> {
    if !from_stdin {
        return Ok((password::generate(), true));
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let secret = line.trim_end_matches(['\r', '\n']).to_owned();
    if secret.chars().count() < password::MIN_PASSWORD_CHARS {
        return Err(format!(
            "a password needs at least {} characters",
            password::MIN_PASSWORD_CHARS
        )
        .into());
    }
    Ok((secret, false))
}

fn parse_role(text: &str) -> Result<Role, String> {
    Role::parse(text).ok_or_else(|| {
        let known: Vec<&str> = Role::ALL.iter().map(|r| r.as_str()).collect();
        format!("unknown role {text}: use one of {}", known.join(", "))
    })
}
