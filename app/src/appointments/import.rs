//! A nomination list import (提请任命名单导入) over plain HTTP: what the upload did, handed
//! once through the session to the nominations page it redirects to, and the notice that
//! page shows: how many were recorded, or every row's reason when none were.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::components::IfLoaded;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::resource::resource;
use crate::tr;

/// What a nomination list upload did: how many nominations it recorded, or (recording
/// none) every reason, (zh, en), each naming its row and column.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImportReport {
    pub recorded: usize,
    pub errors: Vec<(String, String)>,
}

/// The session key of the last nomination list upload's report (read once).
#[cfg(feature = "ssr")]
pub const IMPORT_KEY: &str = "nominations.import";

/// What the caller's last nomination list upload did, once: read and removed.
#[server(prefix = "/api", endpoint = "appointments/import-report")]
pub async fn take_import_report() -> Result<Option<ImportReport>, AppError> {
    use crate::auth::guard::{require_staff, respond, session};
    use crate::auth::Permission;
    respond(async {
        let (_user, _state) = require_staff(Permission::ManageAppointments).await?;
        let session = session().await?;
        let report = session.get::<ImportReport>(IMPORT_KEY).await.ok().flatten();
        if report.is_some() {
            let _ = session.remove_value(IMPORT_KEY).await;
        }
        Ok(report)
    })
    .await
}

/// The last upload's outcome on the nominations page (nothing when there was none).
#[component]
pub fn ImportNotice(lang: Lang) -> impl IntoView {
    let report = resource(|| (), |_| take_import_report());
    view! {
        <IfLoaded resource=report let:report>
            {report.map(|r| report_view(r, lang))}
        </IfLoaded>
    }
}

fn report_view(r: ImportReport, lang: Lang) -> AnyView {
    if r.errors.is_empty() {
        view! {
            <div class="notice ok" role="status" data-testid="import-recorded">
                {lang
                    .pick(
                        format!("已从名单登记{}条提请任命。", r.recorded),
                        format!("{} nominations recorded from the list.", r.recorded),
                    )}
            </div>
        }
        .into_any()
    } else {
        view! {
            <div class="notice error" role="alert">
                <p>
                    <strong>
                        {tr!(lang, "未登记任何提请任命：", "Nothing was recorded:")}
                    </strong>
                </p>
                <ul class="rejections" data-testid="import-errors">
                    {r
                        .errors
                        .into_iter()
                        .map(|(zh, en)| view! { <li>{lang.pick(zh, en)}</li> })
                        .collect_view()}
                </ul>
            </div>
        }
        .into_any()
    }
}
