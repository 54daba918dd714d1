//! 考试规则: the defaults of every sitting a jurisdiction sets up, which its districts
//! follow unless they set their own.

use leptos::prelude::*;
use question_bank::appointments::appointment::{format_dates, FailurePolicy, SatisfactionBase};
use question_bank::bank::region::Region;
use question_bank::exam::rules::{PaperMode, ReviewPolicy};

use super::api::{get_rules, SetRules};
use super::RulesView;
use crate::components::{FormError, Loaded, Page, TextArea};
use crate::i18n::{use_lang, Lang};
use crate::resource::resource;
use crate::tr;

#[component]
pub fn RulesPage() -> impl IntoView {
    let lang = use_lang();
    let save = ServerAction::<SetRules>::new();
    let rules = resource(move || save.version().get(), |_| get_rules());
    view! {
        <Page title=tr!(lang, "考试规则", "Exam rules")>
            <Loaded resource=rules let:view>
                <RulesForm view save lang />
            </Loaded>
        </Page>
    }
}

#[component]
fn RulesForm(view: RulesView, save: ServerAction<SetRules>, lang: Lang) -> impl IntoView {
    let editable = view.editable;
    let r = view.rules;
    let a = r.appointment.clone();
    let source = match view.set_by {
        Some(name) if name == view.jurisdiction_name => lang.pick(
            format!("{name}自定的规则。"),
            format!("{name}'s own rules."),
        ),
        Some(name) => lang.pick(
            format!("沿用{name}的规则；在此保存即为{}自定规则。", view.jurisdiction_name),
            format!("Following {name}'s rules; saving here gives {} rules of its own.", view.jurisdiction_name),
        ),
        None => tr!(lang, "沿用公开发布的规则（90分钟、满分100分60分及格、迟到15分钟不得入场、可补考1次）。", "Following the published rules (90 minutes, pass mark 60 of 100, no entry 15 minutes late, one retake).").to_owned(),
    };
    view! {
        <p data-testid="rules-source">{source}</p>
        <p class="hint">
            {tr!(
                lang, "这些规则是新建考试场次时的默认值，每场考试仍可单独调整；下级行政区未自定规则时沿用本级规则。", "These rules are the defaults of every new sitting, which can still be adjusted one by one; districts without rules of their own follow these."
            )}
        </p>
        {(!editable)
            .then(|| {
                view! {
                    <p class="notice" data-testid="rules-read-only">
                        {tr!(
                            lang, "只有管理员可以修改考试规则，这里仅供查阅。", "Only an administrator can change the exam rules; they are shown here to read."
                        )}
                    </p>
                }
            })}
        <ActionForm action=save attr:class="form-grid card" attr:data-testid="rules-form">
            // Read-only for those who may not change the rules: the same fields, disabled,
            // rather than a form that is refused on save.
            <fieldset class="contents" disabled=!editable>
                <label>
                    {tr!(lang, "考试时长（分钟）", "Duration (minutes)")}
                    <input
                        type="number"
                        name="duration_minutes"
                        value=r.duration_minutes.to_string()
                        min="1"
                        max="240"
                        required
                    />
                </label>
                <label>
                    {tr!(lang, "及格分（满分100分）", "Pass mark (of 100)")}
                    <input
                        type="number"
                        name="pass_mark"
                        value=r.pass_mark.to_string()
                        min="0"
                        max="100"
                        required
                    />
                </label>
                <label>
                    {tr!(
                        lang, "迟到限制（分钟，留空不限）", "Late entry (minutes; empty for no limit)"
                    )}
                    <input
                        type="number"
                        name="late_entry_minutes"
                        value=r.late_entry_minutes.map(|m| m.to_string()).unwrap_or_default()
                        min="0"
                    />
                </label>
                <label>
                    {tr!(lang, "补考次数", "Retakes")}
                    <input
                        type="number"
                        name="retakes_allowed"
                        value=r.retakes_allowed.to_string()
                        min="0"
                        max="3"
                        required
                    />
                </label>
                <label class="wide">
                    {tr!(
                        lang, "成绩公布后考生可查看", "After publication candidates may see"
                    )}
                    <select name="review_policy">
                        {ReviewPolicy::ALL
                            .into_iter()
                            .map(|p| {
                                view! {
                                    <option value=p.as_str() selected=p == r.review>
                                        {lang.pick(p.label_zh(), p.label_en())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="wide">
                    {tr!(lang, "组卷方式", "Paper")}
                    <select name="paper_mode">
                        {PaperMode::ALL
                            .into_iter()
                            .map(|m| {
                                view! {
                                    <option value=m.as_str() selected=m == r.paper_mode>
                                        {lang.pick(m.label_zh(), m.label_en())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label class="wide">
                    {tr!(
                        lang, "本届任期届满日期（考试合格记录有效期至；留空则自合格之日起五年）", "End of the congress term (passes count until then; empty: five years from the pass)"
                    )}
                    <input
                        type="date"
                        name="term_ends_on"
                        value=r
                            .term_ends_at
                            .map(question_bank::exam::clock::format_cst_date)
                            .unwrap_or_default()
                    />
                </label>
                <label class="wide">
                    {tr!(
                        lang, "适用的地方性法规（依据地方性法规的试题只在适用地区组卷和练习）", "Local regulations that apply (questions on local regulations go into papers and practice only where they apply)"
                    )} <select name="local_regulations">
                        <option value="" selected=r.local_regulations.is_none()>
                            {tr!(lang, "无", "None")}
                        </option>
                        {Region::ALL
                            .into_iter()
                            .map(|g| {
                                view! {
                                    <option
                                        value=g.as_str()
                                        selected=r.local_regulations == Some(g)
                                    >
                                        {lang.pick(g.label_zh(), g.label_en())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <h2 class="wide">{tr!(lang, "任免规则", "Appointment rules")}</h2>
                <label class="wide">
                    {tr!(
                        lang, "经补考仍不及格的提请任命", "A nomination whose nominee failed the retake"
                    )}
                    <select name="failure_policy">
                        {FailurePolicy::ALL
                            .iter()
                            .map(|p| {
                                view! {
                                    <option value=p.as_str() selected=*p == a.failure_policy>
                                        {lang.pick(p.label_zh(), p.label_en())}
                                    </option>
                                }
                            })
                            .collect_view()}
                    </select>
                </label>
                <label>
                    {tr!(
                        lang, "宪法宣誓期限（任命后工作日）", "Oath within (working days of the appointment)"
                    )}
                    <input
                        type="number"
                        name="oath_working_days"
                        value=a.oath_working_days.to_string()
                        min="0"
                        max="60"
                        required
                    />
                </label>
                <label>
                    {tr!(lang, "常委会组成人员数", "Committee members")}
                    <input
                        type="number"
                        name="committee_members"
                        value=a.committee_members.to_string()
                        min="0"
                        max="1000"
                    />
                </label>
                <label class="wide">
                    {tr!(
                        lang, "任命书署名（常委会主任）", "Certificates signed by (the chair)"
                    )} <input type="text" name="chair_name" value=a.chair_name.clone() />
                </label>
                <label>
                    {tr!(
                        lang, "满意度测评：不满意票超过（%）即为不满意", "Evaluation: dissatisfied when its votes exceed (%)"
                    )}
                    <input
                        type="number"
                        name="dissatisfied_over"
                        value=a.satisfaction.dissatisfied_over_percent.to_string()
                        min="0"
                        max="100"
                        required
                    />
                </label>
                <label>
                    {tr!(
                        lang, "满意票超过（%）即为满意", "Satisfied when its votes exceed (%)"
                    )}
                    <input
                        type="number"
                        name="satisfied_over"
                        value=a.satisfaction.satisfied_over_percent.to_string()
                        min="0"
                        max="100"
                        required
                    />
                </label>
                <label class="wide">
                    {tr!(lang, "百分比的基数", "Percentages of")}
                    <select name="satisfaction_base">
                        <option
                            value="members"
                            selected=a.satisfaction.base == SatisfactionBase::AllMembers
                        >
                            {tr!(lang, "全体组成人员", "all members")}
                        </option>
                        <option
                            value="cast"
                            selected=a.satisfaction.base == SatisfactionBase::VotesCast
                        >
                            {tr!(lang, "实际投票数", "votes cast")}
                        </option>
                    </select>
                </label>
                <label>
                    {tr!(
                        lang, "法定节假日（每行一个日期，如 2026-10-01）", "Public holidays (one date a line, e.g. 2026-10-01)"
                    )} <TextArea name="holidays" rows=4 text=format_dates(&a.holidays) />
                </label>
                <label>
                    {tr!(
                        lang, "调休上班日（每行一个日期）", "Make-up working days (one date a line)"
                    )}
                    <TextArea
                        name="make_up_workdays"
                        rows=4
                        text=format_dates(&a.make_up_workdays)
                    />
                </label>
                <label class="wide">
                    {tr!(
                        lang, "修改原因（记入审计日志）", "Reason for the change (audited)"
                    )} <input type="text" name="reason" />
                </label>
            </fieldset>
            {editable
                .then(|| {
                    view! {
                        <div class="wide">
                            <FormError error=Signal::derive(move || {
                                save.value().get().and_then(Result::err)
                            }) />
                            {move || {
                                save.value()
                                    .get()
                                    .and_then(Result::ok)
                                    .map(|_| {
                                        view! {
                                            <p class="notice" role="status" data-testid="rules-saved">
                                                {tr!(lang, "已保存。", "Saved.")}
                                            </p>
                                        }
                                    })
                            }}
                            <button type="submit" class="primary">
                                {tr!(lang, "保存规则", "Save rules")}
                            </button>
                        </div>
                    }
                })}
        </ActionForm>
    }
}
