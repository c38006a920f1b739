/*
 * field.c - the fields of the petition item: names, Chinese column names,
 * types and the values of the enumerated ones
 */
#include <pthread.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "xf-private.h"

/* An enumerated value: its token, then its Chinese words (first for output). */
struct value {
	const char	*token;
	const char	*zh[5];
};

struct field {
	const char		*name;
	enum xf_type		 type;
	int			 input;	/* may come from input */
	const char		*zh[5];	/* column names; the first for output */
	const struct value	*values;
};

static const struct value channels[] = {
	{ "letter", { "来信", "信件" } },
	{ "visit", { "来访", "走访" } },
	{ "online", { "网上信访", "网信", "网上投诉", "领导信箱" } },
	{ "phone", { "来电", "电话" } },
	{ "fax", { "传真" } },
	{ "email", { "电子邮件", "邮件" } },
	{ NULL, { NULL } }
};

static const struct value sources[] = {
	{ "direct", { "本级" } },
	{ "transferred", { "上级转送", "转送" } },
	{ "assigned", { "上级交办", "交办" } },
	{ "screening", { "排查" } },
	{ NULL, { NULL } }
};

/* In the order of enum xf_level. */
static const struct value levels[] = {
	{ "village", { "村" } },
	{ "township", { "乡镇", "镇", "乡" } },
	{ "county", { "县" } },
	{ "city", { "市" } },
	{ "province", { "省" } },
	{ "national", { "国家", "进京" } },
	{ NULL, { NULL } }
};

static const struct value purposes[] = {
	{ "appeal", { "申诉" } },
	{ "demand", { "求决" } },
	{ "accusation", { "揭发控告" } },
	{ "suggestion", { "意见建议" } },
	{ "consult", { "咨询" } },
	{ "other", { "其他" } },
	{ NULL, { NULL } }
};

/* The 三到位一处理 class of a request. */
static const struct value claims[] = {
	{ "reasonable", { "诉求合理", "合理" } },
	{ "unreasonable", { "诉求无理", "无理" } },
	{ "hardship", { "生活困难", "困难" } },
	{ "unlawful", { "行为违法", "违法" } },
	{ NULL, { NULL } }
};

static const struct value states[] = {
	{ "registered", { "已登记" } },
	{ "accepted", { "已受理" } },
	{ "transferred", { "已转送" } },
	{ "refused", { "不予受理" } },
	{ "assigned", { "已交办" } },
	{ "extended", { "已延期" } },
	{ "replied", { "已答复" } },
	{ "review", { "复查中" } },
	{ "reviewed", { "已复查" } },
	{ "re-review", { "复核中" } },
	{ "final", { "三级终结" } },
	{ "closed", { "已销号" } },
	{ "reopened", { "重新办理" } },
	{ NULL, { NULL } }
};

/* The answer of a reply, a review and a re-review (信访处理意见). */
static const struct value answers[] = {
	{ "supported", { "予以支持", "支持" } },
	{ "explained", { "解释说明" } },
	{ "not-supported", { "不予支持" } },
	{ NULL, { NULL } }
};

/* Why a case was struck off the ledger (结案销号). */
static const struct value bases[] = {
	{ "agreement", { "息诉息访协议书", "息诉息访" } },
	{ "final", { "三级终结", "复查复核三级终结" } },
	{ "reconsideration", { "行政复议", "行政复议复核" } },
	{ "litigation", { "进入法律途径", "诉讼" } },
	{ "lawful-handling", { "依法处理" } },
	{ "supported-done", { "支持事项已落实" } },
	{ "unchallenged", { "期满未申请复查" } },
	{ NULL, { NULL } }
};

/* The rungs of the mediation ladder (访调对接). */
static const struct value rungs[] = {
	{ "village", { "村级调解" } },
	{ "village-again", { "村级再次调解" } },
	{ "township", { "乡镇调解" } },
	{ "county", { "县级联合调解" } },
	{ "court", { "法院" } },
	{ NULL, { NULL } }
};

static const struct value due_states[] = {
	{ "on_time", { "未到期" } },
	{ "due_soon", { "即将到期" } },
	{ "overdue", { "已超期" } },
	{ "very_overdue", { "严重超期" } },
	{ NULL, { NULL } }
};

static const struct value satisfactions[] = {
	{ "satisfied", { "满意" } },
	{ "basic", { "基本满意" } },
	{ "unsatisfied", { "不满意" } },
	{ NULL, { NULL } }
};

static const struct value evaluations[] = {
	{ "pending", { "待评价" } },
	{ "evaluated", { "已评价" } },
	{ "expired", { "超期未评价" } },
	{ NULL, { NULL } }
};

/* In the order of enum xf_field. */
static const struct field fields[XF_F_COUNT] = {
	{ "id", XF_T_TEXT, 1, { "信访件编号", "编号" }, NULL },
	{ "ref", XF_T_TEXT, 1, { "来源编号", "原编号" }, NULL },
	{ "received_at", XF_T_TEXT, 1,
	    { "信访日期", "登记时间", "来访日期", "日期" }, NULL },
	{ "channel", XF_T_ENUM, 1, { "信访形式", "形式" }, channels },
	{ "source", XF_T_ENUM, 1, { "信访来源", "来源" }, sources },
	{ "lodged_level", XF_T_ENUM, 1, { "登记层级", "走访层级" }, levels },
	{ "irregular", XF_T_BOOL, 1, { "非正常上访" }, NULL },
	{ "received_by", XF_T_TEXT, 1, { "接访领导", "接待领导", "接访人" },
	    NULL },
	{ "received_level", XF_T_ENUM, 1,
	    { "接访领导层级", "接访层级", "领导层级" }, levels },
	{ "name", XF_T_TEXT, 1, { "信访人", "信访人姓名", "姓名" }, NULL },
	{ "id_number", XF_T_TEXT, 1,
	    { "身份证号", "身份证号码", "证件号码" }, NULL },
	{ "phone", XF_T_TEXT, 1, { "联系电话", "电话", "手机", "手机号" },
	    NULL },
	{ "address", XF_T_TEXT, 1, { "住址", "地址", "家庭住址" }, NULL },
	{ "people", XF_T_INT, 1, { "人数", "来访人数", "信访人数" }, NULL },
	{ "first", XF_T_BOOL, 1, { "初次信访", "初信初访", "初重标志" },
	    NULL },
	{ "repeat_of", XF_T_TEXT, 0, { "初件编号" }, NULL },
	{ "not_again", XF_T_BOOL, 0, { "不再受理" }, NULL },
	{ "region", XF_T_TEXT, 1, { "问题属地", "属地", "区划代码" }, NULL },
	{ "title", XF_T_TEXT, 1, { "内容摘要", "标题", "摘要" }, NULL },
	{ "content", XF_T_TEXT, 1,
	    { "主要诉求", "诉求", "信访内容", "内容" }, NULL },
	{ "purpose", XF_T_ENUM, 1, { "信访目的" }, purposes },
	{ "category", XF_T_TEXT, 1, { "内容分类", "问题分类" }, NULL },
	{ "claim", XF_T_ENUM, 0, { "诉求性质", "三到位一处理" }, claims },
	{ "risk", XF_T_INT, 0, { "风险等级" }, NULL },
	{ "key_case", XF_T_BOOL, 0, { "重点信访", "重点信访件" }, NULL },
	{ "collective", XF_T_BOOL, 0, { "集体访" }, NULL },
	{ "joint_letter", XF_T_BOOL, 0, { "联名信" }, NULL },
	{ "skip_level", XF_T_BOOL, 0, { "越级访" }, NULL },
	{ "status", XF_T_ENUM, 0, { "状态" }, states },
	{ "unit", XF_T_TEXT, 0, { "责任单位" }, NULL },
	{ "registered_at", XF_T_TEXT, 0, { "入库时间" }, NULL },
	{ "voided_at", XF_T_TEXT, 0, { "作废时间" }, NULL },
	{ "merged_into", XF_T_TEXT, 0, { "合并至" }, NULL },
	{ "handling", XF_T_INT, 0, { "办理轮次" }, NULL },
	{ "reopened_at", XF_T_TEXT, 0, { "重新办理时间" }, NULL },
	{ "decided_at", XF_T_TEXT, 0, { "受理决定时间" }, NULL },
	{ "accepted_at", XF_T_TEXT, 0, { "受理时间" }, NULL },
	{ "transferred_to", XF_T_TEXT, 0, { "转送机关" }, NULL },
	{ "refusal_route", XF_T_TEXT, 0, { "告知途径" }, NULL },
	{ "assigned_at", XF_T_TEXT, 0, { "交办时间" }, NULL },
	{ "unit_accepted_at", XF_T_TEXT, 0, { "责任单位受理时间" }, NULL },
	{ "unit_declined_at", XF_T_TEXT, 0, { "责任单位不予受理时间" },
	    NULL },
	{ "handler", XF_T_TEXT, 0, { "具体责任人" }, NULL },
	{ "lead", XF_T_TEXT, 0, { "包案领导" }, NULL },
	{ "rung", XF_T_ENUM, 0, { "调解层级" }, rungs },
	{ "extended_days", XF_T_INT, 0, { "延期天数" }, NULL },
	{ "extension_reason", XF_T_TEXT, 0, { "延期理由" }, NULL },
	{ "reply_due", XF_T_TEXT, 0, { "答复期限" }, NULL },
	{ "replied_at", XF_T_TEXT, 0, { "答复时间" }, NULL },
	{ "reply", XF_T_ENUM, 0, { "处理意见" }, answers },
	{ "reply_on_time", XF_T_BOOL, 0, { "按期办结" }, NULL },
	{ "reply_delivered_at", XF_T_TEXT, 0, { "答复送达时间" }, NULL },
	{ "review_at", XF_T_TEXT, 0, { "复查申请时间" }, NULL },
	{ "reviewed_at", XF_T_TEXT, 0, { "复查答复时间" }, NULL },
	{ "review_result", XF_T_ENUM, 0, { "复查意见" }, answers },
	{ "rereview_at", XF_T_TEXT, 0, { "复核申请时间" }, NULL },
	{ "hearing_days", XF_T_INT, 0, { "听证天数" }, NULL },
	{ "rereviewed_at", XF_T_TEXT, 0, { "复核答复时间" }, NULL },
	{ "rereview_result", XF_T_ENUM, 0, { "复核意见" }, answers },
	{ "closed_at", XF_T_TEXT, 0, { "销号时间" }, NULL },
	{ "close_basis", XF_T_ENUM, 0, { "销号依据" }, bases },
	{ "satisfaction", XF_T_ENUM, 0, { "满意度" }, satisfactions },
	{ "due", XF_T_TEXT, 0, { "办理期限" }, NULL },
	{ "due_days", XF_T_INT, 0, { "期限天数" }, NULL },
	{ "due_state", XF_T_ENUM, 0, { "期限状态" }, due_states },
	{ "evaluation", XF_T_ENUM, 0, { "评价状态" }, evaluations },
};

/*
 * Names and column names in an open-addressing hash table, built once:
 * a key is looked up for every column of every NDJSON record.
 */
#define NSLOTS	256

static struct slot {
	const char	*s;
	size_t		 len;
	int		 field;
} slots[NSLOTS];
static pthread_once_t slots_once = PTHREAD_ONCE_INIT;

static void
slot_put(const char *s, int field)
{
	size_t	 len = strlen(s);
	uint32_t i = xf_hash(s, len) % NSLOTS;

	while (slots[i].s != NULL)
		i = (i + 1) % NSLOTS;
	slots[i].s = s;
	slots[i].len = len;
	slots[i].field = field;
}

static void
slots_build(void)
{
	int	 f, k;

	for (f = 0; f < XF_F_COUNT; f++) {
		slot_put(fields[f].name, f);
		for (k = 0; k < 5 && fields[f].zh[k] != NULL; k++)
			slot_put(fields[f].zh[k], f);
	}
}

int
xf_field_find(const char *s, size_t len)
{
	uint32_t i;

	pthread_once(&slots_once, slots_build);
	for (i = xf_hash(s, len) % NSLOTS; slots[i].s != NULL;
	    i = (i + 1) % NSLOTS)
		if (slots[i].len == len && memcmp(slots[i].s, s, len) == 0)
			return slots[i].field;
	return -1;
}

static int
valid(int field)
{
	return field >= 0 && field < XF_F_COUNT;
}

const char *
xf_field_name(int field)
{
	return valid(field) ? fields[field].name : NULL;
}

const char *
xf_field_zh(int field)
{
	return valid(field) ? fields[field].zh[0] : NULL;
}

enum xf_type
xf_field_type(int field)
{
	return valid(field) ? fields[field].type : XF_T_TEXT;
}

int
xf_field_input(int field)
{
	return valid(field) && fields[field].input;
}

const char *
xf_field_token(int field, const char *value, size_t len)
{
	const struct value	*v;
	int			 k;

	if (!valid(field) || fields[field].values == NULL)
		return NULL;
	for (v = fields[field].values; v->token != NULL; v++) {
		if (strlen(v->token) == len &&
		    strncasecmp(v->token, value, len) == 0)
			return v->token;
		for (k = 0; k < 5 && v->zh[k] != NULL; k++)
			if (strlen(v->zh[k]) == len &&
			    memcmp(v->zh[k], value, len) == 0)
				return v->token;
	}
	return NULL;
}

const char *
xf_field_token_zh(int field, const char *token)
{
	const struct value *v;

	if (!valid(field) || fields[field].values == NULL)
		return NULL;
	for (v = fields[field].values; v->token != NULL; v++)
		if (strcmp(v->token, token) == 0)
			return v->zh[0];
	return NULL;
}

int
xf_level_of(const char *token)
{
	int	 i;

	for (i = 0; levels[i].token != NULL; i++)
		if (strcmp(levels[i].token, token) == 0)
			return i;
	return -1;
}

const char *
xf_level_token(enum xf_level level)
{
	return levels[level].token;
}

int
xf_personal(int field)
{
	return field == XF_F_NAME || field == XF_F_ID_NUMBER ||
	    field == XF_F_PHONE || field == XF_F_ADDRESS;
}
