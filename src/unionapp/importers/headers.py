"""The header names each importer recognises, by field, best first: plain data, so that
the window's drop-downs, the command line's --map and the templates can read them without
loading the importers themselves."""

from __future__ import annotations

MEMBER_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "职工姓名", "教职工姓名", "会员姓名"),
    "gender": ("性别",),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证", "居民身份证号", "居民身份证号码"),
    "birth_date": ("出生日期", "出生年月", "生日", "出生年月日"),
    "phone": ("手机号", "手机", "手机号码", "联系电话", "电话", "电话号码", "联系方式"),
    "group_name": ("工会小组", "小组", "部门", "科室"),
    "department": ("部门/岗位", "部门", "岗位", "科室", "所在部门"),
    "title": ("职称", "专业技术职称", "专业技术职务"),
    "join_union_date": ("入会时间", "入会日期"),
    "work_start_date": ("参加工作时间", "工作时间", "参加工作日期", "参工时间"),
    "status": ("人员状态", "状态"),
    "ethnicity": ("民族",),
    "political_status": ("政治面貌",),
    "native_province": ("籍贯省份", "籍贯"),
    "is_union_member": ("是否会员", "会员", "是否工会会员"),
    "hardship_level": ("困难类别", "困难职工", "是否困难职工", "困难级别"),
    "hardship_since": ("建档立卡日期", "建档立卡时间"),
    "base_pay_fen": ("月基本工资", "基本工资", "岗位工资", "工资基数", "会费基数"),
    "notes": ("备注",),
}


# In the order of a ledger book: 日期, 凭证号, 科目, 摘要, 收入, 支出, 余额 (the template's columns).
LEDGER_HEADERS: dict[str, tuple[str, ...]] = {
    "date": ("日期", "记账日期", "凭证日期", "业务日期", "发生日期"),
    "voucher": ("凭证号", "凭证编号", "凭证字号", "凭证号数", "凭证", "单据号"),
    "category": ("科目", "类别", "科目名称", "会计科目", "经费科目", "收支科目", "收支类别", "项目", "类型"),
    "summary": ("摘要", "事由", "业务摘要", "内容"),
    "income": ("收入", "收入金额", "收入额", "借方", "借方金额"),
    "expense": ("支出", "支出金额", "支出额", "贷方", "贷方金额"),
    "balance": ("余额", "结余", "结存"),
    "handler": ("经办人", "经手人", "经办"),
    "approver": ("审批人", "批准人", "审批", "审核人"),
    "notes": ("备注", "说明"),
}


VISIT_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "会员姓名", "职工姓名", "教职工姓名", "慰问对象", "走访对象"),
    "date": ("日期", "走访日期", "慰问日期", "走访时间", "慰问时间", "时间"),
    "group": ("工会小组", "小组", "部门", "科室", "所在部门"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证"),
    "type": ("类型", "走访类型", "慰问类型", "慰问类别", "走访类别", "类别", "项目"),
    "reason": ("事由", "慰问事由", "走访事由", "原因", "慰问原因", "情况"),
    "money": ("慰问金", "慰问金额", "金额", "发放金额", "慰问金额元"),
    "gift": ("慰问品", "慰问物品", "物品"),
    "gift_value": ("慰问品价值", "物品价值", "慰问品金额", "价值"),
    "visitors": ("走访人", "慰问人", "走访人员", "慰问人员", "经办人"),
    "approver": ("审批人", "批准人", "审批"),
    "approval_no": ("审批编号", "审批单号", "审批号", "批准文号"),
    "status": ("状态", "走访状态"),
    "for_family": ("慰问家属", "是否慰问家属"),
    "notes": ("备注", "说明"),
}


CHECKUP_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "受检人", "受检者姓名", "体检人", "职工姓名", "教职工姓名"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证", "证件号码", "证件号"),
    "date": ("体检日期", "日期", "检查日期", "到检日期", "体检时间", "到检时间"),
    "status": ("是否体检", "是否到检", "到检", "到检情况", "是否参检", "参检情况", "体检情况", "体检状态", "状态"),
    "followup": ("需复查", "是否需复查", "复查", "是否复查", "需要复查", "复查意见", "复查建议"),
    "reason": ("未参加原因", "未检原因", "未体检原因", "未到检原因", "原因"),
    "notes": ("备注", "说明"),
}


# One row per recipient; the rows of one 发放名称 and 发放日期 are one handout.
HANDOUT_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "领取人", "会员姓名", "职工姓名", "教职工姓名"),
    "group": ("工会小组", "小组", "部门", "科室", "所在部门"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证"),
    "handout": ("发放名称", "项目", "名称", "活动", "发放项目", "慰问项目", "项目名称"),
    "date": ("发放日期", "日期", "时间", "发放时间"),
    "kind": ("类型", "发放类型", "慰问类型", "类别"),
    "item": ("物品", "发放物品", "慰问品", "礼品", "发放内容", "品名"),
    "value": ("金额", "价值", "慰问金", "每人金额", "发放金额", "金额元", "价值元"),
    "approver": ("审批人", "批准人"),
    "approval_no": ("审批编号", "审批单号", "审批号"),
    "handler": ("经办人", "经手人"),
    "notes": ("备注", "说明"),
}


# An activity's sign-up list (报名表): one row per person and event.
ACTIVITY_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "名字", "报名人", "会员姓名", "职工姓名", "教职工姓名"),
    "group": ("工会小组", "小组", "部门", "科室", "所在部门"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证"),
    "event": ("项目", "比赛项目", "报名项目", "参赛项目"),
    "team": ("队伍", "队名", "代表队", "参赛队"),
    "result": ("成绩",),
    "place": ("名次", "排名", "获奖等次", "奖项"),
    "attended": ("签到", "是否参加", "是否签到", "参加", "出席", "是否出席"),
    "notes": ("备注", "说明"),
}


# A term's delegate list (代表名单): one row per delegate.
DELEGATE_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "代表姓名", "名字", "会员姓名", "职工姓名", "教职工姓名"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证"),
    "birth_date": ("出生日期", "出生年月", "生日", "出生年月日"),
    "group": ("工会小组", "小组", "部门", "科室", "所在部门"),
    "constituency": ("选区", "选举单位", "代表团", "代表组", "选区名称"),
    "category": ("代表类别", "类别", "代表类型", "代表身份", "身份", "界别"),
    "elected_on": ("当选日期", "当选时间", "选举日期", "选举时间", "补选日期"),
    "note": ("备注", "说明"),
}


# Past proposals (提案汇总表): one row per proposal, with its screening, reply and feedback.
PROPOSAL_HEADERS: dict[str, tuple[str, ...]] = {
    "number": ("编号", "提案编号", "提案号", "案号"),
    "title": ("案由", "提案名称", "提案标题", "提案题目", "标题", "题目", "提案"),
    "proposer": ("提案人", "提案代表", "提出人", "第一提案人", "领衔人"),
    "cosigners": ("附议人", "附议代表", "联名人", "联名代表", "附议"),
    "category": ("类别", "提案类别", "分类", "提案分类", "类型"),
    "reasons": ("理由", "提案理由", "案据", "问题与理由", "情况分析"),
    "measures": ("建议措施", "建议", "措施", "具体建议", "解决办法", "办法与建议"),
    "submitted_on": ("提交日期", "提案日期", "提出日期", "日期", "提交时间"),
    "status": ("审查结果", "立案情况", "是否立案", "审查情况", "处理结果"),
    "screened_on": ("审查日期", "立案日期", "审查时间"),
    "screen_reason": ("审查意见", "不立案理由", "不立案原因", "处理意见"),
    "office": ("承办部门", "承办单位", "办理部门", "承办处室", "责任部门"),
    "due_date": ("答复期限", "办理期限", "期限", "答复截止日期"),
    "replied_on": ("答复日期", "回复日期", "答复时间"),
    "reply": ("答复内容", "答复意见", "办理结果", "落实情况", "答复"),
    "feedback": ("提案人意见", "提案人满意度", "满意度", "是否满意", "反馈意见"),
    "feedback_on": ("反馈日期", "意见日期"),
    "next_due": ("再次答复期限", "二次答复期限"),
}


# A hardship roster (困难职工花名册, 建档立卡表): one row per member, the household either in
# repeated 成员N columns or as the two totals 家庭人口 and 家庭月收入.
HOUSEHOLD_COLUMNS = 5  # 成员1 … 成员5: more people than that are written as the totals


def _household_headers() -> dict[str, tuple[str, ...]]:
    headers: dict[str, tuple[str, ...]] = {}
    for n in range(1, HOUSEHOLD_COLUMNS + 1):
        headers[f"member{n}_name"] = (f"成员{n}姓名", f"家庭成员{n}姓名", f"家庭成员{n}", f"成员{n}")
        headers[f"member{n}_relation"] = (f"成员{n}关系", f"成员{n}与本人关系", f"家庭成员{n}关系", f"成员{n}称谓")
        headers[f"member{n}_income"] = (f"成员{n}月收入", f"家庭成员{n}月收入", f"成员{n}收入", f"成员{n}月收入元")
    return headers


HARDSHIP_HEADERS: dict[str, tuple[str, ...]] = {
    "name": ("姓名", "职工姓名", "教职工姓名", "会员姓名", "困难职工姓名"),
    "id_number": ("身份证号", "身份证号码", "公民身份号码", "身份证"),
    "birth_date": ("出生日期", "出生年月", "生日", "出生年月日"),
    "group": ("工会小组", "小组", "部门", "科室", "所在部门"),
    "level": ("困难级别", "困难类别", "困难程度", "困难等级", "困难类型", "级别", "类别"),
    "opened_on": ("建档日期", "建档立卡日期", "建档时间", "建档立卡时间", "立卡日期", "建档年月"),
    "causes": ("致困原因", "困难原因", "致贫原因", "主要致困原因", "主要困难原因"),
    "self_income": ("本人月收入", "本人收入", "个人月收入", "本人月工资"),
    "people": ("家庭人口", "家庭人口数", "家庭人数", "家庭成员数", "家庭成员人数", "人口数"),
    "household_income": ("家庭月收入", "家庭月总收入", "家庭收入", "家庭总收入", "家庭月收入合计"),
    **_household_headers(),
    "plan": ("帮扶措施", "帮扶计划", "拟帮扶措施", "帮扶意见", "帮扶内容", "帮扶办法"),
    "notes": ("备注", "说明"),
}
