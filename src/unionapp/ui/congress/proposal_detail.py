"""The selected proposal's whole history beside the table: who proposed and signed, the
reasons and measures, the screening, then each round's reply and the proposer's feedback —
what the 提案工作委员会 is asked about at the next session."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QTextBrowser

from unionapp.domain.dates import format_date
from unionapp.services.proposals import ProposalDetail, ReplyRow

OVERDUE_STYLE = "color:#c9302c;font-weight:bold"


def _d(value) -> str:
    return format_date(value) if value else ""


def _para(label: str, text: str) -> str:
    if not text:
        return ""
    body = escape(text).replace("\n", "<br>")
    return f"<p><b>{escape(label)}：</b>{body}</p>"


def _round(r: ReplyRow) -> str:
    head = f"第 {r.round} 轮：{escape(r.office or '承办部门')} {_d(r.replied_on)} 答复"
    parts = [f"<p><b>{head}</b><br>{escape(r.reply).replace(chr(10), '<br>')}</p>"]
    if r.feedback:
        note = f"，{escape(r.feedback_note)}" if r.feedback_note else ""
        parts.append(f"<p>提案人 {_d(r.feedback_on)} 反馈：<b>{escape(r.feedback_label)}</b>{note}</p>")
    else:
        parts.append("<p>等待提案人反馈</p>")
    return "".join(parts)


def history_html(detail: ProposalDetail, cosigners: str) -> str:
    p = detail.row
    lines = [
        f"<h3>{escape(p.session_name)} 第 {p.number} 号：{escape(p.title)}</h3>",
        f"<p>提案人：{escape(p.proposer_name)}（{escape(p.proposer_group or '未分组')}）；"
        f"附议人：{escape(cosigners) or '无'}；类别：{escape(p.category_label)}；提交：{_d(p.submitted_on)}</p>",
        _para("理由", detail.reasons),
        _para("建议措施", detail.measures),
    ]
    if p.status == "submitted":
        lines.append("<p>等待提案工作委员会审查</p>")
    else:
        screened = f"<p><b>审查：</b>{_d(p.screened_on)} {escape(p.status_label)}"
        if p.office:
            screened += f"，承办部门 {escape(p.office)}"
        lines.append(screened + "</p>")
        lines.append(_para("审查意见", p.screen_reason))
    lines += [_round(r) for r in detail.replies]
    if p.stage in ("waiting", "overdue"):
        style = f' style="{OVERDUE_STYLE}"' if p.overdue else ""
        late = "，已逾期" if p.overdue else ""
        lines.append(f"<p{style}>第 {p.round} 轮等待答复，期限 {_d(p.due_date)}{late}</p>")
    return "".join(line for line in lines if line)


class HistoryView(QTextBrowser):
    """Read-only; selectable, so a reply can be copied into the 提案工作报告."""

    def __init__(self):
        super().__init__()
        self.setOpenLinks(False)
        self.show_detail(None)

    def show_detail(self, detail: ProposalDetail | None, placeholder: str = "选择一件提案查看办理经过") -> None:
        if detail is None:
            self.setHtml(f"<p style='color:#777'>{escape(placeholder)}</p>")
        else:
            self.setHtml(history_html(detail, "、".join(detail.row.cosigner_names)))
