/*
 * t-item.c - the fields and their names, enumerated values, settings,
 * the category catalogue, and normalising an item as read
 */
#include <sys/stat.h>

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "xf.h"
#include "xf-private.h"
#include "test.h"
#include "ledger-util.h"

/* Every field: its name, type, whether input, its Chinese column names. */
static const struct {
	int		 field;
	const char	*name;
	enum xf_type	 type;
	int		 input;
	const char	*zh[5];
} fields[] = {
	{ XF_F_ID, "id", XF_T_TEXT, 1, { "信访件编号", "编号" } },
	{ XF_F_REF, "ref", XF_T_TEXT, 1, { "来源编号", "原编号" } },
	{ XF_F_RECEIVED_AT, "received_at", XF_T_TEXT, 1,
	    { "信访日期", "登记时间", "来访日期", "日期" } },
	{ XF_F_CHANNEL, "channel", XF_T_ENUM, 1, { "信访形式", "形式" } },
	{ XF_F_SOURCE, "source", XF_T_ENUM, 1, { "信访来源", "来源" } },
	{ XF_F_LODGED_LEVEL, "lodged_level", XF_T_ENUM, 1,
	    { "登记层级", "走访层级" } },
	{ XF_F_IRREGULAR, "irregular", XF_T_BOOL, 1, { "非正常上访" } },
	{ XF_F_RECEIVED_BY, "received_by", XF_T_TEXT, 1,
	    { "接访领导", "接待领导", "接访人" } },
	{ XF_F_RECEIVED_LEVEL, "received_level", XF_T_ENUM, 1,
	    { "接访领导层级", "接访层级", "领导层级" } },
	{ XF_F_NAME, "name", XF_T_TEXT, 1,
	    { "信访人", "信访人姓名", "姓名" } },
	{ XF_F_ID_NUMBER, "id_number", XF_T_TEXT, 1,
	    { "身份证号", "身份证号码", "证件号码" } },
	{ XF_F_PHONE, "phone", XF_T_TEXT, 1,
	    { "联系电话", "电话", "手机", "手机号" } },
	{ XF_F_ADDRESS, "address", XF_T_TEXT, 1,
	    { "住址", "地址", "家庭住址" } },
	{ XF_F_PEOPLE, "people", XF_T_INT, 1,
	    { "人数", "来访人数", "信访人数" } },
	{ XF_F_FIRST, "first", XF_T_BOOL, 1,
	    { "初次信访", "初信初访", "初重标志" } },
	{ XF_F_REPEAT_OF, "repeat_of", XF_T_TEXT, 0, { "初件编号" } },
	{ XF_F_NOT_AGAIN, "not_again", XF_T_BOOL, 0, { "不再受理" } },
	{ XF_F_REGION, "region", XF_T_TEXT, 1,
	    { "问题属地", "属地", "区划代码" } },
	{ XF_F_TITLE, "title", XF_T_TEXT, 1, { "内容摘要", "标题", "摘要" } },
	{ XF_F_CONTENT, "content", XF_T_TEXT, 1,
	    { "主要诉求", "诉求", "信访内容", "内容" } },
	{ XF_F_PURPOSE, "purpose", XF_T_ENUM, 1, { "信访目的" } },
	{ XF_F_CATEGORY, "category", XF_T_TEXT, 1,
	    { "内容分类", "问题分类" } },
	{ XF_F_CLAIM, "claim", XF_T_ENUM, 0, { "诉求性质", "三到位一处理" } },
	{ XF_F_RISK, "risk", XF_T_INT, 0, { "风险等级" } },
	{ XF_F_KEY_CASE, "key_case", XF_T_BOOL, 0,
	    { "重点信访", "重点信访件" } },
	{ XF_F_COLLECTIVE, "collective", XF_T_BOOL, 0, { "集体访" } },
	{ XF_F_JOINT_LETTER, "joint_letter", XF_T_BOOL, 0, { "联名信" } },
	{ XF_F_SKIP_LEVEL, "skip_level", XF_T_BOOL, 0, { "越级访" } },
	{ XF_F_STATUS, "status", XF_T_ENUM, 0, { "状态" } },
	{ XF_F_UNIT, "unit", XF_T_TEXT, 0, { "责任单位" } },
	{ XF_F_REGISTERED_AT, "registered_at", XF_T_TEXT, 0, { "入库时间" } },
	{ XF_F_VOIDED_AT, "voided_at", XF_T_TEXT, 0, { "作废时间" } },
	{ XF_F_MERGED_INTO, "merged_into", XF_T_TEXT, 0, { "合并至" } },
	/* The casework. */
	{ XF_F_HANDLING, "handling", XF_T_INT, 0, { "办理轮次" } },
	{ XF_F_REOPENED_AT, "reopened_at", XF_T_TEXT, 0, { "重新办理时间" } },
	{ XF_F_DECIDED_AT, "decided_at", XF_T_TEXT, 0, { "受理决定时间" } },
	{ XF_F_ACCEPTED_AT, "accepted_at", XF_T_TEXT, 0, { "受理时间" } },
	{ XF_F_TRANSFERRED_TO, "transferred_to", XF_T_TEXT, 0,
	    { "转送机关" } },
	{ XF_F_REFUSAL_ROUTE, "refusal_route", XF_T_TEXT, 0, { "告知途径" } },
	{ XF_F_ASSIGNED_AT, "assigned_at", XF_T_TEXT, 0, { "交办时间" } },
	{ XF_F_UNIT_ACCEPTED_AT, "unit_accepted_at", XF_T_TEXT, 0,
	    { "责任单位受理时间" } },
	{ XF_F_UNIT_DECLINED_AT, "unit_declined_at", XF_T_TEXT, 0,
	    { "责任单位不予受理时间" } },
	{ XF_F_HANDLER, "handler", XF_T_TEXT, 0, { "具体责任人" } },
	{ XF_F_LEAD, "lead", XF_T_TEXT, 0, { "包案领导" } },
	{ XF_F_RUNG, "rung", XF_T_ENUM, 0, { "调解层级" } },
	{ XF_F_EXTENDED_DAYS, "extended_days", XF_T_INT, 0, { "延期天数" } },
	{ XF_F_EXTENSION_REASON, "extension_reason", XF_T_TEXT, 0,
	    { "延期理由" } },
	{ XF_F_REPLY_DUE, "reply_due", XF_T_TEXT, 0, { "答复期限" } },
	{ XF_F_REPLIED_AT, "replied_at", XF_T_TEXT, 0, { "答复时间" } },
	{ XF_F_REPLY, "reply", XF_T_ENUM, 0, { "处理意见" } },
	{ XF_F_REPLY_ON_TIME, "reply_on_time", XF_T_BOOL, 0, { "按期办结" } },
	{ XF_F_REPLY_DELIVERED_AT, "reply_delivered_at", XF_T_TEXT, 0,
	    { "答复送达时间" } },
	{ XF_F_REVIEW_AT, "review_at", XF_T_TEXT, 0, { "复查申请时间" } },
	{ XF_F_REVIEWED_AT, "reviewed_at", XF_T_TEXT, 0, { "复查答复时间" } },
	{ XF_F_REVIEW_RESULT, "review_result", XF_T_ENUM, 0, { "复查意见" } },
	{ XF_F_REREVIEW_AT, "rereview_at", XF_T_TEXT, 0, { "复核申请时间" } },
	{ XF_F_HEARING_DAYS, "hearing_days", XF_T_INT, 0, { "听证天数" } },
	{ XF_F_REREVIEWED_AT, "rereviewed_at", XF_T_TEXT, 0,
	    { "复核答复时间" } },
	{ XF_F_REREVIEW_RESULT, "rereview_result", XF_T_ENUM, 0,
	    { "复核意见" } },
	{ XF_F_CLOSED_AT, "closed_at", XF_T_TEXT, 0, { "销号时间" } },
	{ XF_F_CLOSE_BASIS, "close_basis", XF_T_ENUM, 0, { "销号依据" } },
	/* The returning visits. */
	{ XF_F_SATISFACTION, "satisfaction", XF_T_ENUM, 0, { "满意度" } },
	/* The deadline in force. */
	{ XF_F_DUE, "due", XF_T_TEXT, 0, { "办理期限" } },
	{ XF_F_DUE_DAYS, "due_days", XF_T_INT, 0, { "期限天数" } },
	/* Worked out when read. */
	{ XF_F_DUE_STATE, "due_state", XF_T_ENUM, 0, { "期限状态" } },
	{ XF_F_EVALUATION, "evaluation", XF_T_ENUM, 0, { "评价状态" } },
};

/* Every enumerated value: its field, token and Chinese words. */
static const struct {
	int		 field;
	const char	*token;
	const char	*zh[5];
} values[] = {
	{ XF_F_CHANNEL, "letter", { "来信", "信件" } },
	{ XF_F_CHANNEL, "visit", { "来访", "走访" } },
	{ XF_F_CHANNEL, "online",
	    { "网上信访", "网信", "网上投诉", "领导信箱" } },
	{ XF_F_CHANNEL, "phone", { "来电", "电话" } },
	{ XF_F_CHANNEL, "fax", { "传真" } },
	{ XF_F_CHANNEL, "email", { "电子邮件", "邮件" } },
	{ XF_F_SOURCE, "direct", { "本级" } },
	{ XF_F_SOURCE, "transferred", { "上级转送", "转送" } },
	{ XF_F_SOURCE, "assigned", { "上级交办", "交办" } },
	{ XF_F_SOURCE, "screening", { "排查" } },
	{ XF_F_LODGED_LEVEL, "village", { "村" } },
	{ XF_F_LODGED_LEVEL, "township", { "乡镇", "镇", "乡" } },
	{ XF_F_LODGED_LEVEL, "county", { "县" } },
	{ XF_F_LODGED_LEVEL, "city", { "市" } },
	{ XF_F_LODGED_LEVEL, "province", { "省" } },
	{ XF_F_LODGED_LEVEL, "national", { "国家", "进京" } },
	/* The level of the leader who received a visit: the same words. */
	{ XF_F_RECEIVED_LEVEL, "village", { "村" } },
	{ XF_F_RECEIVED_LEVEL, "township", { "乡镇", "镇", "乡" } },
	{ XF_F_RECEIVED_LEVEL, "county", { "县" } },
	{ XF_F_RECEIVED_LEVEL, "city", { "市" } },
	{ XF_F_RECEIVED_LEVEL, "province", { "省" } },
	{ XF_F_RECEIVED_LEVEL, "national", { "国家", "进京" } },
	{ XF_F_PURPOSE, "appeal", { "申诉" } },
	{ XF_F_PURPOSE, "demand", { "求决" } },
	{ XF_F_PURPOSE, "accusation", { "揭发控告" } },
	{ XF_F_PURPOSE, "suggestion", { "意见建议" } },
	{ XF_F_PURPOSE, "consult", { "咨询" } },
	{ XF_F_PURPOSE, "other", { "其他" } },
	{ XF_F_CLAIM, "reasonable", { "诉求合理", "合理" } },
	{ XF_F_CLAIM, "unreasonable", { "诉求无理", "无理" } },
	{ XF_F_CLAIM, "hardship", { "生活困难", "困难" } },
	{ XF_F_CLAIM, "unlawful", { "行为违法", "违法" } },
	{ XF_F_STATUS, "registered", { "已登记" } },
	{ XF_F_STATUS, "accepted", { "已受理" } },
	{ XF_F_STATUS, "transferred", { "已转送" } },
	{ XF_F_STATUS, "refused", { "不予受理" } },
	{ XF_F_STATUS, "assigned", { "已交办" } },
	{ XF_F_STATUS, "extended", { "已延期" } },
	{ XF_F_STATUS, "replied", { "已答复" } },
	{ XF_F_STATUS, "review", { "复查中" } },
	{ XF_F_STATUS, "reviewed", { "已复查" } },
	{ XF_F_STATUS, "re-review", { "复核中" } },
	{ XF_F_STATUS, "final", { "三级终结" } },
	{ XF_F_STATUS, "closed", { "已销号" } },
	{ XF_F_STATUS, "reopened", { "重新办理" } },
	/* The answer of a reply, a review and a re-review: one list. */
	{ XF_F_REPLY, "supported", { "予以支持", "支持" } },
	{ XF_F_REPLY, "explained", { "解释说明" } },
	{ XF_F_REPLY, "not-supported", { "不予支持" } },
	{ XF_F_REVIEW_RESULT, "supported", { "予以支持", "支持" } },
	{ XF_F_REVIEW_RESULT, "explained", { "解释说明" } },
	{ XF_F_REVIEW_RESULT, "not-supported", { "不予支持" } },
	{ XF_F_REREVIEW_RESULT, "supported", { "予以支持", "支持" } },
	{ XF_F_REREVIEW_RESULT, "explained", { "解释说明" } },
	{ XF_F_REREVIEW_RESULT, "not-supported", { "不予支持" } },
	{ XF_F_CLOSE_BASIS, "agreement", { "息诉息访协议书", "息诉息访" } },
	{ XF_F_CLOSE_BASIS, "final", { "三级终结", "复查复核三级终结" } },
	{ XF_F_CLOSE_BASIS, "reconsideration", { "行政复议", "行政复议复核" } },
	{ XF_F_CLOSE_BASIS, "litigation", { "进入法律途径", "诉讼" } },
	{ XF_F_CLOSE_BASIS, "lawful-handling", { "依法处理" } },
	{ XF_F_CLOSE_BASIS, "supported-done", { "支持事项已落实" } },
	{ XF_F_CLOSE_BASIS, "unchallenged", { "期满未申请复查" } },
	{ XF_F_RUNG, "village", { "村级调解" } },
	{ XF_F_RUNG, "village-again", { "村级再次调解" } },
	{ XF_F_RUNG, "township", { "乡镇调解" } },
	{ XF_F_RUNG, "county", { "县级联合调解" } },
	{ XF_F_RUNG, "court", { "法院" } },
	{ XF_F_SATISFACTION, "satisfied", { "满意" } },
	{ XF_F_SATISFACTION, "basic", { "基本满意" } },
	{ XF_F_SATISFACTION, "unsatisfied", { "不满意" } },
	{ XF_F_DUE_STATE, "on_time", { "未到期" } },
	{ XF_F_DUE_STATE, "due_soon", { "即将到期" } },
	{ XF_F_DUE_STATE, "overdue", { "已超期" } },
	{ XF_F_DUE_STATE, "very_overdue", { "严重超期" } },
	{ XF_F_EVALUATION, "pending", { "待评价" } },
	{ XF_F_EVALUATION, "evaluated", { "已评价" } },
	{ XF_F_EVALUATION, "expired", { "超期未评价" } },
};

#define NFIELDS	(sizeof(fields) / sizeof(fields[0]))
#define NVALUES	(sizeof(values) / sizeof(values[0]))

/* Valid ID numbers of GB 11643, their check digits worked out by hand. */
#define ID_X	"11010519491231002X"
#define ID_1	"410102198001014561"

static char tmpdir[] = "/tmp/t-item.XXXXXX";

static xf_settings *defaults;

/* Write text to a new file under tmpdir; its path into path. */
static void
write_file(char *path, size_t size, const char *text, size_t len)
{
	FILE	*fp;
	int	 fd;

	snprintf(path, size, "%s/f.XXXXXX", tmpdir);
	fd = mkstemp(path);
	CHECK(fd != -1);
	if (fd == -1)
		return;
	fp = fdopen(fd, "w");
	CHECK(fp != NULL);
	if (fp == NULL) {
		close(fd);
		return;
	}
	CHECK(fwrite(text, 1, len, fp) == len);
	CHECK(fclose(fp) == 0);
}

static void
write_text(char *path, size_t size, const char *text)
{
	write_file(path, size, text, strlen(text));
}

/* A record of key/value pairs, ended by NULL. */
static xf_record *
rec(const char *key, ...)
{
	xf_record	*r = xf_record_new();
	const char	*val;
	va_list		 ap;

	CHECK(r != NULL);
	va_start(ap, key);
	for (; key != NULL; key = va_arg(ap, const char *)) {
		val = va_arg(ap, const char *);
		CHECK(xf_record_add(r, key, strlen(key), val, strlen(val),
		    0) == 0);
	}
	va_end(ap);
	return r;
}

/* Normalise in with set; the error, or "" on success, into err. */
static int
norm(const xf_settings *set, xf_record *in, xf_record *out, char *err,
    size_t errlen)
{
	int	 rc;

	err[0] = '\0';
	rc = xf_item_normalize(set, in, out, err, errlen);
	xf_record_free(in);
	return rc;
}

/* The error normalising in with the defaults, or "ok". */
static const char *
norm_err(xf_record *in, char *err, size_t errlen)
{
	xf_record	*out = xf_record_new();
	int		 rc;

	rc = norm(defaults, in, out, err, errlen);
	xf_record_free(out);
	if (rc == 0)
		snprintf(err, errlen, "ok");
	return err;
}

/* ------------------------------------------------------------------ */

/* The field a name of the table above names, or -1: the expected answer. */
static int
table_field(const char *s, size_t len)
{
	size_t	 i, k;

	for (i = 0; i < NFIELDS; i++) {
		if (strlen(fields[i].name) == len &&
		    memcmp(fields[i].name, s, len) == 0)
			return fields[i].field;
		for (k = 0; k < 5 && fields[i].zh[k] != NULL; k++)
			if (strlen(fields[i].zh[k]) == len &&
			    memcmp(fields[i].zh[k], s, len) == 0)
				return fields[i].field;
	}
	return -1;
}

static void
test_field_find(void)
{
	size_t	 i, k, n;
	char	 buf[64];

	CHECK(NFIELDS == XF_F_COUNT);
	/* The table above is in field order, and complete. */
	for (i = 0; i < NFIELDS; i++)
		CHECK(fields[i].field == (int)i);
	/* The stored fields end where the ones worked out when read begin. */
	CHECK(XF_F_STORED == XF_F_DUE_STATE);
	CHECK(XF_F_DUE_DAYS + 1 == XF_F_STORED);
	CHECK(XF_F_EVALUATION + 1 == XF_F_COUNT);
	/* Every enumerated field has its values in the table below. */
	for (i = 0; i < NFIELDS; i++) {
		size_t v, found = 0;

		for (v = 0; v < NVALUES; v++)
			found += values[v].field == fields[i].field;
		CHECK((fields[i].type == XF_T_ENUM) == (found > 0));
	}
	for (i = 0; i < NFIELDS; i++) {
		const char *name = fields[i].name;

		CHECK(xf_field_find(name, strlen(name)) == fields[i].field);
		CHECK_STR(xf_field_name(fields[i].field), name);
		CHECK_STR(xf_field_zh(fields[i].field), fields[i].zh[0]);
		CHECK(xf_field_type(fields[i].field) == fields[i].type);
		CHECK(xf_field_input(fields[i].field) == fields[i].input);
		for (k = 0; k < 5 && fields[i].zh[k] != NULL; k++) {
			const char *zh = fields[i].zh[k];

			if (xf_field_find(zh, strlen(zh)) != fields[i].field)
				printf("column name: '%s'\n", zh);
			CHECK(xf_field_find(zh, strlen(zh)) ==
			    fields[i].field);
			/*
			 * Every shorter prefix, whole characters or not, is
			 * no match unless it is a name itself ("手机" of
			 * "手机号").
			 */
			for (n = 1; n < strlen(zh); n++)
				CHECK(xf_field_find(zh, n) ==
				    table_field(zh, n));
			snprintf(buf, sizeof(buf), "%sX", zh);
			CHECK(xf_field_find(buf, strlen(buf)) == -1);
		}
		for (n = 0; n < strlen(name); n++)
			CHECK(xf_field_find(name, n) == table_field(name, n));
		snprintf(buf, sizeof(buf), "%ss", name);
		CHECK(xf_field_find(buf, strlen(buf)) == -1);
		/* The length, not a NUL, ends the name. */
		CHECK(xf_field_find(buf, strlen(name)) == fields[i].field);
	}

	/* Prefixes that are names of nothing, or of another field. */
	CHECK(xf_field_find("信访", strlen("信访")) == -1);
	CHECK(xf_field_find("信访人", strlen("信访")) == -1);
	CHECK(xf_field_find("nam", 3) == -1);
	CHECK(xf_field_find("received", 8) == -1);
	CHECK(xf_field_find("id_number", 2) == XF_F_ID);
	CHECK(xf_field_find("id_number", 3) == -1);
	CHECK(xf_field_find("来源编号", strlen("来源")) == XF_F_SOURCE);
	CHECK(xf_field_find("手机号", strlen("手机")) == XF_F_PHONE);
	CHECK(xf_field_find("信访人数", strlen("信访人")) == XF_F_NAME);
	CHECK(xf_field_find("", 0) == -1);
	CHECK(xf_field_find("备注", strlen("备注")) == -1);
	CHECK(xf_field_find("remarks", 7) == -1);
	CHECK(xf_field_find(" name", 5) == -1);

	/* Out of range. */
	CHECK(xf_field_name(-1) == NULL);
	CHECK(xf_field_name(XF_F_COUNT) == NULL);
	CHECK(xf_field_zh(XF_F_COUNT) == NULL);
	CHECK(xf_field_input(-1) == 0);
	CHECK(xf_field_input(XF_F_COUNT) == 0);
}

static void
test_field_token(void)
{
	size_t	 i, k;
	char	 buf[64], *p;

	for (i = 0; i < NVALUES; i++) {
		const char	*tok = values[i].token;
		int		 f = values[i].field;

		CHECK_STR(xf_field_token(f, tok, strlen(tok)), tok);
		/* English tokens in any case. */
		snprintf(buf, sizeof(buf), "%s", tok);
		for (p = buf; *p != '\0'; p++)
			if (*p >= 'a' && *p <= 'z')
				*p = (char)(*p - 'a' + 'A');
		CHECK_STR(xf_field_token(f, buf, strlen(buf)), tok);
		buf[1] = (char)(buf[1] - 'A' + 'a');
		CHECK_STR(xf_field_token(f, buf, strlen(buf)), tok);
		for (k = 0; k < 5 && values[i].zh[k] != NULL; k++) {
			const char *zh = values[i].zh[k];

			CHECK_STR(xf_field_token(f, zh, strlen(zh)), tok);
		}
		CHECK_STR(xf_field_token_zh(f, tok), values[i].zh[0]);
		/* A prefix, or the token and more, is no value. */
		CHECK(xf_field_token(f, tok, strlen(tok) - 1) == NULL);
		snprintf(buf, sizeof(buf), "%ss", tok);
		CHECK(xf_field_token(f, buf, strlen(buf)) == NULL);
		CHECK_STR(xf_field_token(f, buf, strlen(tok)), tok);
		/* Only the field's own values. */
		CHECK(xf_field_token(XF_F_NAME, tok, strlen(tok)) == NULL);
		CHECK(xf_field_token(XF_F_PURPOSE == f ? XF_F_CHANNEL :
		    XF_F_PURPOSE, tok, strlen(tok)) == NULL);
	}

	/* Unknown values. */
	CHECK(xf_field_token(XF_F_CHANNEL, "walk-in", 7) == NULL);
	CHECK(xf_field_token(XF_F_CHANNEL, "", 0) == NULL);
	CHECK(xf_field_token(XF_F_CHANNEL, "来", strlen("来")) == NULL);
	CHECK(xf_field_token(XF_F_CHANNEL, "来访人", strlen("来访人")) == NULL);
	CHECK(xf_field_token(XF_F_CHANNEL, " visit", 6) == NULL);
	CHECK(xf_field_token(XF_F_LODGED_LEVEL, "state", 5) == NULL);
	CHECK(xf_field_token(XF_F_STATUS, "rereview", 8) == NULL);
	/* The words of schema 1 for review and re-review are gone. */
	CHECK(xf_field_token(XF_F_STATUS, "复查", strlen("复查")) == NULL);
	CHECK(xf_field_token(XF_F_STATUS, "复核", strlen("复核")) == NULL);
	/* Unreachable is an outcome of a visit, never a satisfaction. */
	CHECK(xf_field_token(XF_F_SATISFACTION, "unreachable", 11) == NULL);
	/* A rung and a level share tokens, not words. */
	CHECK(xf_field_token(XF_F_RUNG, "村", strlen("村")) == NULL);
	CHECK(xf_field_token(XF_F_LODGED_LEVEL, "村级调解",
	    strlen("村级调解")) == NULL);
	CHECK(xf_field_token(XF_F_RUNG, "city", 4) == NULL);
	/* An answer is not a basis of closure, nor the other way. */
	CHECK(xf_field_token(XF_F_CLOSE_BASIS, "supported", 9) == NULL);
	CHECK(xf_field_token(XF_F_REPLY, "final", 5) == NULL);
	CHECK(xf_field_token(XF_F_DUE_STATE, "due-soon", 8) == NULL);
	CHECK(xf_field_token(XF_F_SOURCE, "已转送", strlen("已转送")) == NULL);
	CHECK(xf_field_token(XF_F_STATUS, "转送", strlen("转送")) == NULL);
	CHECK(xf_field_token(-1, "visit", 5) == NULL);
	CHECK(xf_field_token(XF_F_COUNT, "visit", 5) == NULL);
	CHECK(xf_field_token(XF_F_IRREGULAR, "yes", 3) == NULL);

	/* The same token in two fields, each with its own words. */
	CHECK_STR(xf_field_token_zh(XF_F_SOURCE, "transferred"), "上级转送");
	CHECK_STR(xf_field_token_zh(XF_F_STATUS, "transferred"), "已转送");
	CHECK_STR(xf_field_token(XF_F_CHANNEL, "电话", strlen("电话")),
	    "phone");

	/* token_zh takes the token exactly. */
	CHECK(xf_field_token_zh(XF_F_CHANNEL, "VISIT") == NULL);
	CHECK(xf_field_token_zh(XF_F_CHANNEL, "来访") == NULL);
	CHECK(xf_field_token_zh(XF_F_CHANNEL, "walk-in") == NULL);
	CHECK(xf_field_token_zh(XF_F_NAME, "visit") == NULL);
	CHECK(xf_field_token_zh(-1, "visit") == NULL);
	CHECK(xf_field_token_zh(XF_F_COUNT, "visit") == NULL);
}

/* ------------------------------------------------------------------ */

static void
test_settings_defaults(void)
{
	xf_settings	*s;
	char		 err[256] = "untouched";

	s = xf_settings_new(NULL, err, sizeof(err));
	CHECK(s != NULL);
	if (s == NULL)
		return;
	CHECK_STR(xf_settings_office(s), "");
	CHECK(xf_settings_level(s) == XF_LEVEL_COUNTY);
	CHECK(xf_settings_tz(s) == 480);
	CHECK(xf_settings_collective(s) == 5);
	CHECK(xf_settings_repeat_days(s) == 365);
	CHECK(xf_settings_busy_ms(s) == 60000);
	CHECK(xf_settings_online(s, "online") == 1);
	CHECK(xf_settings_online(s, "email") == 1);
	CHECK(xf_settings_online(s, "letter") == 0);
	CHECK(xf_settings_online(s, "visit") == 0);
	CHECK(xf_settings_online(s, "phone") == 0);
	CHECK(xf_settings_online(s, "fax") == 0);
	CHECK(xf_settings_online(s, "onl") == 0);
	CHECK(xf_settings_online(s, "") == 0);
	CHECK(xf_settings_catalog(s) != NULL);
	CHECK(xf_catalog_has(xf_settings_catalog(s), "城乡建设", NULL, 0));

	/* The office code: letters and digits, shorter than 32. */
	CHECK(xf_settings_set_office(s, "DC") == 0);
	CHECK_STR(xf_settings_office(s), "DC");
	CHECK(xf_settings_set_office(s, "D-C") == -1);
	CHECK_STR(xf_settings_office(s), "DC");
	CHECK(xf_settings_set_office(s, "D C") == -1);
	CHECK(xf_settings_set_office(s, "大厂") == -1);
	CHECK(xf_settings_set_office(s, "DC_1") == -1);
	CHECK_STR(xf_settings_office(s), "DC");
	CHECK(xf_settings_set_office(s,
	    "A123456789012345678901234567890") == 0);
	CHECK_STR(xf_settings_office(s), "A123456789012345678901234567890");
	CHECK(xf_settings_set_office(s,
	    "A1234567890123456789012345678901") == -1);
	CHECK_STR(xf_settings_office(s), "A123456789012345678901234567890");
	CHECK(xf_settings_set_office(s, "Lf1310") == 0);
	CHECK_STR(xf_settings_office(s), "Lf1310");
	CHECK(xf_settings_set_office(s, "") == 0);
	CHECK_STR(xf_settings_office(s), "");
	xf_settings_free(s);
	xf_settings_free(NULL);
}

static void
test_settings_file(void)
{
	char		 conf[256], cats[256], sub[256], text[1024];
	char		 err[512];
	const char	*base;
	xf_settings	*s;
	const struct xf_catalog *c;

	/* An office catalogue beside the settings, named relatively. */
	write_text(cats, sizeof(cats), "一级\t二级\t三级\n"
	    "涉军\t退役军人\t优抚\n"
	    "涉军\t退役军人\t安置待遇\n");
	base = strrchr(cats, '/') + 1;
	snprintf(text, sizeof(text),
	    "# 大厂回族自治县信访局\n"
	    "\n"
	    "office = DC\n"
	    "   office_level=city   \n"
	    "timezone = -05:00   # New York, for the test\n"
	    "\t\n"
	    "collective_threshold = 3\n"
	    "repeat_window = 30\n"
	    "online_channels = online, 来电  Email\n"
	    "busy_timeout = 1500\n"
	    "catalogue = %s\n"
	    "# the end\n", base);
	write_text(conf, sizeof(conf), text);
	/* The working directory is elsewhere: the path is the file's. */
	err[0] = '\0';
	s = xf_settings_new(conf, err, sizeof(err));
	CHECK(s != NULL);
	CHECK_STR(err, "");
	if (s != NULL) {
		CHECK_STR(xf_settings_office(s), "DC");
		CHECK(xf_settings_level(s) == XF_LEVEL_CITY);
		CHECK(xf_settings_tz(s) == -300);
		CHECK(xf_settings_collective(s) == 3);
		CHECK(xf_settings_repeat_days(s) == 30);
		CHECK(xf_settings_busy_ms(s) == 1500);
		CHECK(xf_settings_online(s, "online") == 1);
		CHECK(xf_settings_online(s, "phone") == 1);
		CHECK(xf_settings_online(s, "email") == 1);
		CHECK(xf_settings_online(s, "letter") == 0);
		CHECK(xf_settings_online(s, "visit") == 0);
		CHECK(xf_settings_online(s, "fax") == 0);
		c = xf_settings_catalog(s);
		CHECK(xf_catalog_has(c, "涉军/退役军人/优抚", NULL, 0) == 1);
		CHECK(xf_catalog_has(c, "城乡建设", NULL, 0) == 0);
		xf_settings_free(s);
	}

	/* Other forms of the values; the catalogue by its full path. */
	snprintf(text, sizeof(text),
	    "office_level = 乡镇\n"
	    "timezone = Z\n"
	    "online_channels = fax\n"
	    "catalogue = %s\n", cats);
	write_text(sub, sizeof(sub), text);
	s = xf_settings_new(sub, err, sizeof(err));
	CHECK(s != NULL);
	if (s != NULL) {
		CHECK_STR(xf_settings_office(s), "");
		CHECK(xf_settings_level(s) == XF_LEVEL_TOWNSHIP);
		CHECK(xf_settings_tz(s) == 0);
		CHECK(xf_settings_collective(s) == 5);
		CHECK(xf_settings_repeat_days(s) == 365);
		CHECK(xf_settings_online(s, "fax") == 1);
		CHECK(xf_settings_online(s, "online") == 0);
		CHECK(xf_settings_online(s, "email") == 0);
		CHECK(xf_catalog_has(xf_settings_catalog(s), "涉军", NULL,
		    0) == 1);
		xf_settings_free(s);
	}
	unlink(sub);

	write_text(sub, sizeof(sub), "timezone = +0530\n"
	    "office_level = national\n");
	s = xf_settings_new(sub, err, sizeof(err));
	CHECK(s != NULL);
	if (s != NULL) {
		CHECK(xf_settings_tz(s) == 330);
		CHECK(xf_settings_level(s) == XF_LEVEL_NATIONAL);
		xf_settings_free(s);
	}
	unlink(sub);

	write_text(sub, sizeof(sub), "timezone = +08\ntimezone = UTC\n"
	    "timezone = -14:00\nrepeat_window = 36500\n"
	    "collective_threshold = 1000000\nbusy_timeout = 1\n");
	s = xf_settings_new(sub, err, sizeof(err));
	CHECK(s != NULL);
	if (s != NULL) {
		CHECK(xf_settings_tz(s) == -840);
		CHECK(xf_settings_repeat_days(s) == 36500);
		CHECK(xf_settings_collective(s) == 1000000);
		CHECK(xf_settings_busy_ms(s) == 1);
		xf_settings_free(s);
	}
	unlink(sub);

	/* Only comments and blank lines: the defaults. */
	write_text(sub, sizeof(sub), "# nothing\n\n   \n\t# here\n");
	s = xf_settings_new(sub, err, sizeof(err));
	CHECK(s != NULL);
	if (s != NULL) {
		CHECK(xf_settings_level(s) == XF_LEVEL_COUNTY);
		CHECK(xf_settings_tz(s) == 480);
		CHECK(xf_catalog_has(xf_settings_catalog(s), "城乡建设", NULL,
		    0) == 1);
		xf_settings_free(s);
	}
	unlink(sub);

	/* An empty file too. */
	write_text(sub, sizeof(sub), "");
	s = xf_settings_new(sub, err, sizeof(err));
	CHECK(s != NULL);
	xf_settings_free(s);
	unlink(sub);

	unlink(conf);
	unlink(cats);
}

/* The message of xf_settings_new on a file of text, with the file's name. */
static void
check_settings_error(const char *text, const char *want)
{
	char		 path[256], expect[512], err[512];
	xf_settings	*s;

	write_text(path, sizeof(path), text);
	snprintf(expect, sizeof(expect), "%s%s", path, want);
	err[0] = '\0';
	s = xf_settings_new(path, err, sizeof(err));
	if (s != NULL)
		printf("settings: accepted '%s'\n", text);
	CHECK(s == NULL);
	CHECK_STR(err, expect);
	xf_settings_free(s);
	unlink(path);
}

static void
test_settings_errors(void)
{
	char		 path[256], cats[256], text[512], expect[512];
	char		 err[512];
	xf_settings	*s;

	check_settings_error("office = DC\nfoo = 1\n",
	    ":2: unknown setting 'foo'");
	check_settings_error("# c\n\nOffice = DC\n",
	    ":3: unknown setting 'Office'");
	check_settings_error("= 5\n", ":1: unknown setting ''");
	check_settings_error("office = D-C\n", ":1: office 'D-C': bad value");
	check_settings_error("office = 大厂\n",
	    ":1: office '大厂': bad value");
	check_settings_error("office = A1234567890123456789012345678901\n",
	    ":1: office 'A1234567890123456789012345678901': bad value");
	check_settings_error("# c\n\noffice_level = state\n",
	    ":3: office_level 'state': bad value");
	check_settings_error("office_level =\n",
	    ":1: office_level '': bad value");
	check_settings_error("timezone = +8\n",
	    ":1: timezone '+8': bad value");
	check_settings_error("timezone = +15:00\n",
	    ":1: timezone '+15:00': bad value");
	check_settings_error("timezone = +14:30\n",
	    ":1: timezone '+14:30': bad value");
	check_settings_error("timezone = +08:60\n",
	    ":1: timezone '+08:60': bad value");
	check_settings_error("timezone = CST\n",
	    ":1: timezone 'CST': bad value");
	check_settings_error("timezone = 08:00\n",
	    ":1: timezone '08:00': bad value");
	check_settings_error("collective_threshold = 0\n",
	    ":1: collective_threshold '0': bad value");
	check_settings_error("collective_threshold = five\n",
	    ":1: collective_threshold 'five': bad value");
	check_settings_error("collective_threshold = 5x\n",
	    ":1: collective_threshold '5x': bad value");
	check_settings_error("collective_threshold = 1000001\n",
	    ":1: collective_threshold '1000001': bad value");
	check_settings_error("repeat_window = a year\n",
	    ":1: repeat_window 'a year': bad value");
	check_settings_error("repeat_window = 0\n",
	    ":1: repeat_window '0': bad value");
	check_settings_error("repeat_window = 36501\n",
	    ":1: repeat_window '36501': bad value");
	check_settings_error("repeat_window = -30\n",
	    ":1: repeat_window '-30': bad value");
	check_settings_error("online_channels = online web\n",
	    ":1: online_channels 'online web': bad value");
	check_settings_error("busy_timeout = -1\n",
	    ":1: busy_timeout '-1': bad value");
	check_settings_error("busy_timeout =\n",
	    ":1: busy_timeout '': bad value");
	check_settings_error("busy_timeout = 99999999999\n",
	    ":1: busy_timeout '99999999999': bad value");
	check_settings_error("office = DC\nrepeat window 30\n",
	    ":2: not 'key = value'");
	check_settings_error("\xff = 1\n", ":1: not valid UTF-8 text");

	/* A file that is not there. */
	snprintf(path, sizeof(path), "%s/nowhere.conf", tmpdir);
	snprintf(expect, sizeof(expect), "%s: cannot open: %s", path,
	    strerror(ENOENT));
	s = xf_settings_new(path, err, sizeof(err));
	CHECK(s == NULL);
	CHECK_STR(err, expect);

	/*
	 * A catalogue that is not there, by a path relative to the
	 * settings file: the settings' file and line, then the file looked
	 * for, in the settings file's directory.
	 */
	write_text(path, sizeof(path),
	    "office = DC\ncatalogue = missing.tsv\n");
	err[0] = '\0';
	s = xf_settings_new(path, err, sizeof(err));
	CHECK(s == NULL);
	snprintf(expect, sizeof(expect), "%s:2: ", path);
	if (strncmp(err, expect, strlen(expect)) != 0)
		printf("catalogue: '%s'\n", err);
	CHECK(strncmp(err, expect, strlen(expect)) == 0);
	snprintf(expect, sizeof(expect), "%s/missing.tsv: cannot open: %s",
	    tmpdir, strerror(ENOENT));
	CHECK(strstr(err, expect) != NULL);
	xf_settings_free(s);
	unlink(path);

	/* A catalogue that is there but malformed: its own file and line. */
	write_text(cats, sizeof(cats), "一级\t二级\t三级\n"
	    "涉军\t退役军人\t优抚\n"
	    "涉军\t退役/军人\t优抚\n");
	snprintf(text, sizeof(text), "catalogue = %s\n", strrchr(cats, '/') +
	    1);
	write_text(path, sizeof(path), text);
	s = xf_settings_new(path, err, sizeof(err));
	CHECK(s == NULL);
	snprintf(expect, sizeof(expect), "%s:3: a category name has a '/'",
	    cats);
	CHECK(strstr(err, expect) != NULL);
	xf_settings_free(s);
	unlink(path);
	unlink(cats);
}

/* ------------------------------------------------------------------ */

static void
test_catalog_builtin(void)
{
	static const char *const level1[] = {
		"交通运输", "党务政务", "其他", "农村农业", "劳动和社会保障",
		"卫生计生", "商贸旅游", "国土资源", "城乡建设", "政法",
		"教育文体", "民政", "环境保护", "科技与信息产业", "纪检监察",
		"组织人事", "经济管理"
	};
	const struct xf_catalog *c = xf_settings_catalog(defaults);
	char	 near[512];
	size_t	 i;

	for (i = 0; i < sizeof(level1) / sizeof(level1[0]); i++)
		CHECK(xf_catalog_has(c, level1[i], NULL, 0) == 1);
	CHECK(xf_catalog_has(c, "城乡建设/城乡规划", NULL, 0) == 1);
	CHECK(xf_catalog_has(c, "城乡建设/城乡规划/违章建筑", NULL, 0) == 1);
	CHECK(xf_catalog_has(c, "劳动和社会保障/工资福利", NULL, 0) == 1);
	CHECK(xf_catalog_has(c, "劳动和社会保障/工资福利/工资发放", NULL,
	    0) == 1);
	CHECK(xf_catalog_has(c,
	    "城乡建设/国有土地上房屋征收与补偿/房屋拆迁", near,
	    sizeof(near)) == 1);
	/* The header row is no category. */
	CHECK(xf_catalog_has(c, "yjnr", NULL, 0) == 0);
	CHECK(xf_catalog_has(c, "yjnr/ejnr", NULL, 0) == 0);

	/* Not there: the nearest paths, of the same depth and parent. */
	CHECK(xf_catalog_has(c, "城乡建设/城乡规划/违章建设", near,
	    sizeof(near)) == 0);
	CHECK_STR(near, "城乡建设/城乡规划/违章建筑, "
	    "城乡建设/城乡规划/历史名城保护, 城乡建设/城乡规划/容积挡光");
	CHECK(xf_catalog_has(c, "城乡建设/城市规划", near, sizeof(near)) == 0);
	CHECK_STR(near, "城乡建设/城乡规划, 城乡建设/城市建设和市政管理, "
	    "城乡建设/国有土地上房屋征收与补偿");
	CHECK(xf_catalog_has(c, "城市建设", near, sizeof(near)) == 0);
	CHECK_STR(near, "城乡建设, 卫生计生, 国土资源");
	CHECK(xf_catalog_has(c, "劳动保障", near, sizeof(near)) == 0);
	CHECK_STR(near, "劳动和社会保障, 环境保护, 党务政务");
	/* Under a leaf there is nothing to suggest. */
	CHECK(xf_catalog_has(c, "城乡建设/城乡规划/违章建筑/其他", near,
	    sizeof(near)) == 0);
	CHECK_STR(near, "");
	/* Half a name, a trailing '/', nothing. */
	CHECK(xf_catalog_has(c, "城乡", NULL, 0) == 0);
	CHECK(xf_catalog_has(c, "城乡建设/", NULL, 0) == 0);
	CHECK(xf_catalog_has(c, "/城乡建设", NULL, 0) == 0);
	CHECK(xf_catalog_has(c, "", NULL, 0) == 0);
	CHECK(xf_catalog_has(c, "城乡建设/违章建筑", NULL, 0) == 0);
}

static void
test_catalog_file(void)
{
	char			 path[256], expect[512], err[512], near[512];
	struct xf_catalog	*c;

	/* A comment, a CRLF line, a node of two levels only. */
	write_text(path, sizeof(path), "一级\t二级\t三级\n"
	    "# 本办的补充分类\n"
	    "涉军\t退役军人\t安置待遇\n"
	    "涉军\t退役军人\t优抚\r\n"
	    "\n"
	    "涉军\t军队离退休干部\t\n"
	    "城乡建设\t城乡规划\t违章建筑\n");
	err[0] = '\0';
	c = xf_catalog_new(path, err, sizeof(err));
	CHECK(c != NULL);
	CHECK_STR(err, "");
	if (c != NULL) {
		CHECK(xf_catalog_has(c, "涉军", NULL, 0) == 1);
		CHECK(xf_catalog_has(c, "涉军/退役军人", NULL, 0) == 1);
		CHECK(xf_catalog_has(c, "涉军/退役军人/优抚", NULL, 0) == 1);
		CHECK(xf_catalog_has(c, "涉军/退役军人/安置待遇", NULL,
		    0) == 1);
		CHECK(xf_catalog_has(c, "涉军/军队离退休干部", NULL, 0) == 1);
		CHECK(xf_catalog_has(c, "城乡建设/城乡规划/违章建筑", NULL,
		    0) == 1);
		CHECK(xf_catalog_has(c, "# 本办的补充分类", NULL, 0) == 0);
		CHECK(xf_catalog_has(c, "一级", NULL, 0) == 0);
		/* The office's catalogue replaces the built-in one. */
		CHECK(xf_catalog_has(c, "劳动和社会保障", NULL, 0) == 0);
		CHECK(xf_catalog_has(c, "城乡建设/村镇建设", NULL, 0) == 0);
		CHECK(xf_catalog_has(c, "涉军/退役军人/抚恤", near,
		    sizeof(near)) == 0);
		CHECK_STR(near, "涉军/退役军人/优抚, 涉军/退役军人/安置待遇");
		CHECK(xf_catalog_has(c, "涉军/退伍军人", near,
		    sizeof(near)) == 0);
		CHECK_STR(near, "涉军/退役军人, 涉军/军队离退休干部");
		xf_catalog_free(c);
	}
	unlink(path);
	xf_catalog_free(NULL);

	/* Malformed files. */
	write_text(path, sizeof(path), "一级\t二级\t三级\n"
	    "涉军\t退役军人\t优抚\n"
	    "涉军\t退役/军人\t优抚\n");
	c = xf_catalog_new(path, err, sizeof(err));
	CHECK(c == NULL);
	snprintf(expect, sizeof(expect), "%s:3: a category name has a '/'",
	    path);
	CHECK_STR(err, expect);
	xf_catalog_free(c);
	unlink(path);

	write_text(path, sizeof(path), "一级\t二级\t三级\n\t退役军人\t优抚\n");
	c = xf_catalog_new(path, err, sizeof(err));
	CHECK(c == NULL);
	snprintf(expect, sizeof(expect), "%s:2: level 2 without the level "
	    "above", path);
	CHECK_STR(err, expect);
	xf_catalog_free(c);
	unlink(path);

	/* A third level without the second is as wrong as a second alone. */
	write_text(path, sizeof(path), "一级\t二级\t三级\n"
	    "涉军\t退役军人\t优抚\n"
	    "涉军\t\t抚恤\n");
	err[0] = '\0';
	c = xf_catalog_new(path, err, sizeof(err));
	CHECK(c == NULL);
	snprintf(expect, sizeof(expect), "%s:3: level 3 without the level "
	    "above", path);
	CHECK_STR(err, expect);
	if (c != NULL)
		CHECK(xf_catalog_has(c, "涉军/抚恤", NULL, 0) == 0);
	xf_catalog_free(c);
	unlink(path);

	write_text(path, sizeof(path), "一级\t二级\t三级\n# nothing yet\n");
	c = xf_catalog_new(path, err, sizeof(err));
	CHECK(c == NULL);
	snprintf(expect, sizeof(expect), "%s: no categories", path);
	CHECK_STR(err, expect);
	xf_catalog_free(c);
	unlink(path);

	write_text(path, sizeof(path), "");
	c = xf_catalog_new(path, err, sizeof(err));
	CHECK(c == NULL);
	snprintf(expect, sizeof(expect), "%s: no categories", path);
	CHECK_STR(err, expect);
	xf_catalog_free(c);
	unlink(path);

	write_text(path, sizeof(path), "一级\t二级\t三级\n"
	    "涉军\t退役军人\t优抚\n"
	    "\xb2\xe2\xca\xd4\t\xb2\xe2\n");
	c = xf_catalog_new(path, err, sizeof(err));
	CHECK(c == NULL);
	snprintf(expect, sizeof(expect), "%s:3: not valid UTF-8", path);
	CHECK_STR(err, expect);
	xf_catalog_free(c);
	unlink(path);

	snprintf(path, sizeof(path), "%s/nowhere.tsv", tmpdir);
	c = xf_catalog_new(path, err, sizeof(err));
	CHECK(c == NULL);
	snprintf(expect, sizeof(expect), "%s: cannot open: %s", path,
	    strerror(ENOENT));
	CHECK_STR(err, expect);
}

/* ------------------------------------------------------------------ */

static void
test_normalize_full(void)
{
	xf_record	*in, *out = xf_record_new();
	char		 err[512], buf[1024];
	size_t		 len;

	in = rec("信访件编号", "A-2017_001",
	    "来源编号", " WX2017-0001 ",
	    "信访日期", "2017/7/21 13:50",
	    "信访形式", "来访",
	    "信访来源", "上级交办",
	    "登记层级", "市",
	    "非正常上访", "否",
	    "信访人", "  张三  ",
	    "身份证号", "11010519491231002x",
	    "联系电话", "138 0013 8000",
	    "备注", "加急",
	    "住址", "北京市东城区",
	    "人数", "06",
	    "初次信访", "初件",
	    "问题属地", "110101",
	    "内容摘要", "拖欠工资",
	    "主要诉求", "要求支付拖欠的工资",
	    "信访目的", "求决",
	    "内容分类", " 劳动和社会保障 / 工资福利 /工资发放 ",
	    "集体访", "否",
	    "状态", "已销号",
	    "初件编号", "20170101-0001",
	    "责任单位", "区人社局",
	    "入库时间", "2017-01-01",
	    NULL);
	CHECK(xf_record_add(in, "件数", 6, "3", 1, 1) == 0);
	xf_record_set_origin(in, "台账.csv", 17);
	CHECK(norm(defaults, in, out, err, sizeof(err)) == 0);
	CHECK_STR(err, "");
	CHECK_STR(keys(out, buf, sizeof(buf)), "id,ref,received_at,channel,"
	    "source,lodged_level,irregular,name,id_number,phone,address,"
	    "people,first,region,title,content,purpose,category,collective,"
	    "joint_letter,skip_level,备注,件数");
	CHECK_STR(xf_record_get(out, XF_F_ID), "A-2017_001");
	CHECK_STR(xf_record_get(out, XF_F_REF), "WX2017-0001");
	CHECK_STR(xf_record_get(out, XF_F_RECEIVED_AT),
	    "2017-07-21T13:50:00+08:00");
	CHECK_STR(xf_record_get(out, XF_F_CHANNEL), "visit");
	CHECK_STR(xf_record_get(out, XF_F_SOURCE), "assigned");
	CHECK_STR(xf_record_get(out, XF_F_LODGED_LEVEL), "city");
	CHECK_STR(xf_record_get(out, XF_F_IRREGULAR), "0");
	CHECK_STR(xf_record_get(out, XF_F_NAME), "张三");
	CHECK_STR(xf_record_get(out, XF_F_ID_NUMBER), ID_X);
	CHECK_STR(xf_record_get(out, XF_F_PHONE), "13800138000");
	CHECK_STR(xf_record_get(out, XF_F_ADDRESS), "北京市东城区");
	CHECK_STR(xf_record_get(out, XF_F_PEOPLE), "6");
	CHECK_STR(xf_record_get(out, XF_F_FIRST), "1");
	CHECK_STR(xf_record_get(out, XF_F_REGION), "110101");
	CHECK_STR(xf_record_get(out, XF_F_TITLE), "拖欠工资");
	CHECK_STR(xf_record_get(out, XF_F_CONTENT), "要求支付拖欠的工资");
	CHECK_STR(xf_record_get(out, XF_F_PURPOSE), "demand");
	CHECK_STR(xf_record_get(out, XF_F_CATEGORY),
	    "劳动和社会保障/工资福利/工资发放");
	/* Derived: worked out anew, whatever the input said. */
	CHECK_STR(xf_record_get(out, XF_F_COLLECTIVE), "1");
	CHECK_STR(xf_record_get(out, XF_F_JOINT_LETTER), "0");
	CHECK_STR(xf_record_get(out, XF_F_SKIP_LEVEL), "1");
	CHECK(xf_record_get(out, XF_F_STATUS) == NULL);
	CHECK(xf_record_get(out, XF_F_REPEAT_OF) == NULL);
	CHECK(xf_record_get(out, XF_F_UNIT) == NULL);
	CHECK(xf_record_get(out, XF_F_REGISTERED_AT) == NULL);
	/* Unknown columns after the fields, as given, raw flag and all. */
	CHECK(xf_record_field(out, 21) == -1);
	CHECK_STR(xf_record_value(out, 21, &len), "加急");
	CHECK(xf_record_raw(out, 21) == 0);
	CHECK_STR(xf_record_value(out, 22, &len), "3");
	CHECK(len == 1);
	CHECK(xf_record_raw(out, 22) == 1);
	CHECK(xf_record_raw(out, 0) == 0);
	CHECK_STR(xf_record_file(out), "台账.csv");
	CHECK(xf_record_line(out) == 17);

	/* The same item by field names, a time in another zone. */
	in = rec("received_at", "2017-07-21T05:50:00Z",
	    "channel", "VISIT",
	    "source", "assigned",
	    "lodged_level", "City",
	    "irregular", "no",
	    "name", "张三",
	    "id_number", ID_X,
	    "phone", "+86 138-0013-8000",
	    "people", "6",
	    "first", "yes",
	    "category", "劳动和社会保障/工资福利/工资发放",
	    NULL);
	CHECK(norm(defaults, in, out, err, sizeof(err)) == 0);
	CHECK_STR(xf_record_get(out, XF_F_RECEIVED_AT),
	    "2017-07-21T13:50:00+08:00");
	CHECK_STR(xf_record_get(out, XF_F_CHANNEL), "visit");
	CHECK_STR(xf_record_get(out, XF_F_LODGED_LEVEL), "city");
	CHECK_STR(xf_record_get(out, XF_F_PHONE), "13800138000");
	CHECK_STR(xf_record_get(out, XF_F_FIRST), "1");
	CHECK(xf_record_file(out) == NULL);

	/* Other forms: a date alone, an Excel serial, a landline. */
	in = rec("received_at", "2017年7月21日", "phone", "0371 6123456转12",
	    "irregular", "是", "first", "重件", "id_number", ID_1, NULL);
	CHECK(norm(defaults, in, out, err, sizeof(err)) == 0);
	CHECK_STR(xf_record_get(out, XF_F_RECEIVED_AT),
	    "2017-07-21T00:00:00+08:00");
	CHECK_STR(xf_record_get(out, XF_F_PHONE), "0371-6123456-12");
	CHECK_STR(xf_record_get(out, XF_F_IRREGULAR), "1");
	CHECK_STR(xf_record_get(out, XF_F_FIRST), "0");
	CHECK_STR(xf_record_get(out, XF_F_ID_NUMBER), ID_1);
	in = rec("日期", "42937.5", NULL);
	CHECK(norm(defaults, in, out, err, sizeof(err)) == 0);
	CHECK_STR(xf_record_get(out, XF_F_RECEIVED_AT),
	    "2017-07-21T12:00:00+08:00");
	xf_record_free(out);
}

static void
test_normalize_defaults(void)
{
	xf_record	*in, *out = xf_record_new();
	xf_settings	*city;
	char		 err[512], buf[1024], path[256];

	in = rec("received_at", "2017-07-21", NULL);
	CHECK(norm(defaults, in, out, err, sizeof(err)) == 0);
	CHECK_STR(keys(out, buf, sizeof(buf)), "received_at,source,"
	    "lodged_level,irregular,people,collective,joint_letter,"
	    "skip_level");
	CHECK_STR(xf_record_get(out, XF_F_SOURCE), "direct");
	CHECK_STR(xf_record_get(out, XF_F_LODGED_LEVEL), "county");
	CHECK_STR(xf_record_get(out, XF_F_IRREGULAR), "0");
	CHECK_STR(xf_record_get(out, XF_F_PEOPLE), "1");
	CHECK_STR(xf_record_get(out, XF_F_COLLECTIVE), "0");
	CHECK_STR(xf_record_get(out, XF_F_JOINT_LETTER), "0");
	CHECK_STR(xf_record_get(out, XF_F_SKIP_LEVEL), "0");
	CHECK(xf_record_get(out, XF_F_CHANNEL) == NULL);
	CHECK(xf_record_get(out, XF_F_FIRST) == NULL);

	/* Empty cells, and white space alone, are not given. */
	in = rec("received_at", "2017-07-21", "channel", "", "source", "  ",
	    "name", "\t", "people", "", "first", "", "category", " ",
	    "id", "", NULL);
	CHECK(norm(defaults, in, out, err, sizeof(err)) == 0);
	CHECK_STR(err, "");
	CHECK_STR(keys(out, buf, sizeof(buf)), "received_at,source,"
	    "lodged_level,irregular,people,collective,joint_letter,"
	    "skip_level");
	CHECK_STR(xf_record_get(out, XF_F_SOURCE), "direct");
	CHECK_STR(xf_record_get(out, XF_F_PEOPLE), "1");

	/* An empty cell, then the value: the value. */
	in = rec("信访形式", "", "channel", "来信", NULL);
	CHECK(xf_record_add(in, "received_at", 11, "2017-07-21", 10, 0) == 0);
	CHECK(norm(defaults, in, out, err, sizeof(err)) == 0);
	CHECK_STR(xf_record_get(out, XF_F_CHANNEL), "letter");

	/* The office's own level is the default level. */
	write_text(path, sizeof(path), "office_level = city\n");
	city = xf_settings_new(path, err, sizeof(err));
	CHECK(city != NULL);
	unlink(path);
	if (city != NULL) {
		in = rec("received_at", "2017-07-21", NULL);
		CHECK(norm(city, in, out, err, sizeof(err)) == 0);
		CHECK_STR(xf_record_get(out, XF_F_LODGED_LEVEL), "city");
		CHECK_STR(xf_record_get(out, XF_F_SKIP_LEVEL), "0");
		in = rec("received_at", "2017-07-21", "lodged_level",
		    "province", NULL);
		CHECK(norm(city, in, out, err, sizeof(err)) == 0);
		CHECK_STR(xf_record_get(out, XF_F_SKIP_LEVEL), "1");
		in = rec("received_at", "2017-07-21", "lodged_level",
		    "county", NULL);
		CHECK(norm(city, in, out, err, sizeof(err)) == 0);
		CHECK_STR(xf_record_get(out, XF_F_SKIP_LEVEL), "0");
		xf_settings_free(city);
	}
	xf_record_free(out);
}

/* The derived fields of one item: collective, joint letter, skip level. */
static const char *
derived(const xf_settings *set, const char *channel, const char *people,
    const char *level)
{
	static char	 buf[8];
	xf_record	*in, *out = xf_record_new();
	char		 err[512];

	in = rec("received_at", "2017-07-21", "people", people,
	    "lodged_level", level, NULL);
	if (channel != NULL)
		CHECK(xf_record_add(in, "channel", 7, channel,
		    strlen(channel), 0) == 0);
	if (norm(set, in, out, err, sizeof(err)) == -1)
		snprintf(buf, sizeof(buf), "error");
	else
		snprintf(buf, sizeof(buf), "%s%s%s",
		    xf_record_get(out, XF_F_COLLECTIVE),
		    xf_record_get(out, XF_F_JOINT_LETTER),
		    xf_record_get(out, XF_F_SKIP_LEVEL));
	xf_record_free(out);
	return buf;
}

static void
test_normalize_derived(void)
{
	xf_settings	*three;
	char		 path[256], err[256];

	/* Collective: a visit of at least 5 (the threshold). */
	CHECK_STR(derived(defaults, "visit", "5", "county"), "100");
	CHECK_STR(derived(defaults, "visit", "4", "county"), "000");
	CHECK_STR(derived(defaults, "来访", "120", "county"), "100");
	CHECK_STR(derived(defaults, "letter", "5", "county"), "010");
	CHECK_STR(derived(defaults, "online", "5", "county"), "000");
	CHECK_STR(derived(defaults, "phone", "9", "county"), "000");
	CHECK_STR(derived(defaults, NULL, "9", "county"), "000");
	/* A joint letter: a letter from more than one person. */
	CHECK_STR(derived(defaults, "letter", "2", "county"), "010");
	CHECK_STR(derived(defaults, "letter", "1", "county"), "000");
	CHECK_STR(derived(defaults, "visit", "2", "county"), "000");
	CHECK_STR(derived(defaults, "email", "2", "county"), "000");
	/* Skip level: above the office's level (county). */
	CHECK_STR(derived(defaults, "visit", "1", "city"), "001");
	CHECK_STR(derived(defaults, "visit", "1", "province"), "001");
	CHECK_STR(derived(defaults, "visit", "1", "national"), "001");
	CHECK_STR(derived(defaults, "visit", "1", "进京"), "001");
	CHECK_STR(derived(defaults, "visit", "1", "county"), "000");
	CHECK_STR(derived(defaults, "visit", "1", "township"), "000");
	CHECK_STR(derived(defaults, "visit", "1", "village"), "000");
	CHECK_STR(derived(defaults, "visit", "6", "national"), "101");

	/* The threshold comes from the settings. */
	write_text(path, sizeof(path), "collective_threshold = 3\n");
	three = xf_settings_new(path, err, sizeof(err));
	CHECK(three != NULL);
	unlink(path);
	if (three != NULL) {
		CHECK_STR(derived(three, "visit", "3", "county"), "100");
		CHECK_STR(derived(three, "visit", "2", "county"), "000");
		xf_settings_free(three);
	}
}

static void
test_normalize_twice(void)
{
	xf_record	*in, *out = xf_record_new();
	char		 err[512];

	/* The same value twice, under two names: fine. */
	in = rec("received_at", "2017-07-21", "title", "拖欠工资",
	    "标题", "拖欠工资", "region", "110101", "属地", " 110101 ", NULL);
	CHECK(norm(defaults, in, out, err, sizeof(err)) == 0);
	CHECK_STR(err, "");
	CHECK_STR(xf_record_get(out, XF_F_TITLE), "拖欠工资");

	/*
	 * The same value twice, in a form the model rewrites (a date, a
	 * Chinese word, a phone number with spaces): still the same value.
	 */
	in = rec("信访日期", "2017-07-21", "日期", "2017-07-21", NULL);
	CHECK_STR(norm_err(in, err, sizeof(err)), "ok");
	in = rec("received_at", "2017-07-21", "信访形式", "来访",
	    "形式", "来访", NULL);
	CHECK_STR(norm_err(in, err, sizeof(err)), "ok");
	in = rec("received_at", "2017-07-21", "联系电话", "138 0013 8000",
	    "手机", "138 0013 8000", NULL);
	CHECK_STR(norm_err(in, err, sizeof(err)), "ok");

	/* Two different values: an error, whatever the order. */
	in = rec("received_at", "2017-07-21", "name", "张三", "姓名", "李四",
	    NULL);
	CHECK_STR(norm_err(in, err, sizeof(err)),
	    "name: given twice, with two values");
	in = rec("received_at", "2017-07-21", "title", "甲", "摘要", "乙",
	    NULL);
	CHECK_STR(norm_err(in, err, sizeof(err)),
	    "title: given twice, with two values");
	in = rec("信访日期", "2017-07-21", "日期", "2017-07-22", NULL);
	CHECK_STR(norm_err(in, err, sizeof(err)),
	    "received_at: given twice, with two values");
	/* Derived fields twice are no matter: they are not read. */
	in = rec("received_at", "2017-07-21", "status", "closed", "状态",
	    "accepted", "集体访", "是", "collective", "否", NULL);
	CHECK_STR(norm_err(in, err, sizeof(err)), "ok");
	xf_record_free(out);
}

static void
test_normalize_errors(void)
{
	static const struct {
		const char	*key;
		const char	*val;
		const char	*want;
	} bad[] = {
		{ "id", "A 1", "id 'A 1': not an id (letters, digits, '-' "
		    "and '_', at most 64)" },
		{ "id", "编号1", "id '编号1': not an id (letters, digits, '-' "
		    "and '_', at most 64)" },
		{ "ref", "R\0011", "ref 'R\0011': not a reference (at most "
		    "128 characters, no control characters)" },
		{ "received_at", "2017-02-29",
		    "received_at '2017-02-29': no such day" },
		{ "信访日期", "yesterday",
		    "received_at 'yesterday': not a date or time "
		    "(2017/07/21 or 2017年7月21日, with an optional time)" },
		{ "信访日期", "下午3:05",
		    "received_at '下午3:05': not a date or time "
		    "(2017/07/21 or 2017年7月21日, with an optional time)" },
		{ "信访日期", "2017/07/21 上午 13:05",
		    "received_at '2017/07/21 上午 13:05': bad time" },
		{ "ref", "1.23456789012346E+19", "ref '1.23456789012346E+19': "
		    "a number in scientific notation: the spreadsheet stored "
		    "the ref as a number and lost digits; format the column "
		    "as text and enter the numbers again" },
		{ "来源编号", "１.２３Ｅ＋１９", "ref '1.23E+19': a number in "
		    "scientific notation: the spreadsheet stored the ref as a "
		    "number and lost digits; format the column as text and "
		    "enter the numbers again" },
		{ "信访形式", "来访 访", "channel '来访 访': not a channel "
		    "(letter, visit, online, phone, fax, email)" },
		{ "region", "１１０１", "region '1101': not a 6, 9 or 12-digit "
		    "division code" },
		{ "received_at", "2017-07-21T25:00",
		    "received_at '2017-07-21T25:00': bad time" },
		{ "channel", "walk-in", "channel 'walk-in': not a channel "
		    "(letter, visit, online, phone, fax, email)" },
		{ "信访形式", "上访", "channel '上访': not a channel "
		    "(letter, visit, online, phone, fax, email)" },
		{ "source", "upstream", "source 'upstream': not a source "
		    "(direct, transferred, assigned, screening)" },
		{ "lodged_level", "state", "lodged_level 'state': not a level "
		    "(village, township, county, city, province, national)" },
		{ "purpose", "complain", "purpose 'complain': not a purpose "
		    "(appeal, demand, accusation, suggestion, consult, "
		    "other)" },
		{ "irregular", "maybe", "irregular 'maybe': not yes or no" },
		{ "first", "2", "first '2': not yes or no" },
		{ "region", "1101",
		    "region '1101': not a 6, 9 or 12-digit division code" },
		{ "region", "990101",
		    "region '990101': unknown province code" },
		{ "people", "0",
		    "people '0': not a number of people (1 or more)" },
		{ "people", "3个",
		    "people '3个': not a number of people (1 or more)" },
		{ "people", "〇",
		    "people '〇': not a number of people (1 or more)" },
		{ "people", "一百",
		    "people '一百': Chinese numerals only up to 九十九 (99): "
		    "write a larger number in digits" },
		{ "people", "-2",
		    "people '-2': not a number of people (1 or more)" },
		{ "people", "+2",
		    "people '+2': not a number of people (1 or more)" },
		{ "people", "1000001",
		    "people '1000001': not a number of people (1 or more)" },
		{ "people", "2.5",
		    "people '2.5': not a number of people (1 or more)" },
		{ "category", "城乡建设/城乡规划/违章建设",
		    "category '城乡建设/城乡规划/违章建设': not in the "
		    "catalogue (nearest: 城乡建设/城乡规划/违章建筑, "
		    "城乡建设/城乡规划/历史名城保护, "
		    "城乡建设/城乡规划/容积挡光)" },
		{ "category", "城市建设", "category '城市建设': not in the "
		    "catalogue (nearest: 城乡建设, 卫生计生, 国土资源)" },
		{ "category", "城乡建设/城乡规划/违章建筑/其他",
		    "category '城乡建设/城乡规划/违章建筑/其他': not in the "
		    "catalogue" },
		{ "category", "城乡建设//违章建筑",
		    "category '城乡建设//违章建筑': empty level" },
		{ "category", "城乡建设/",
		    "category '城乡建设/': empty level" },
		{ "category", "/城乡建设",
		    "category '/城乡建设': empty level" },
		{ "category", "城乡建设/ /违章建筑",
		    "category '城乡建设/ /违章建筑': empty level" },
		/* Personal values: the field only, never the value. */
		{ "id_number", "110105194912310021",
		    "id_number: bad check digit" },
		{ "身份证号", " 1101051949 ", "id_number: not 18 characters" },
		{ "id_number", "11010519491331002X",
		    "id_number: bad birth date" },
		{ "phone", "1380013800", "phone: bad mobile number" },
		{ "联系电话", "010-1234", "phone: not a phone number" },
		{ "phone", "62345678", "phone: landline without area code" },
		{ "身份证号", "1.31028E+17", "id_number: a number in scientific "
		    "notation: the spreadsheet stored the ID number as a number "
		    "and kept only 15 digits; format the column as text and "
		    "enter the numbers again" },
		{ "id_number", "1.31024195809115E+17", "id_number: a number in "
		    "scientific notation: the spreadsheet stored the ID number "
		    "as a number and kept only 15 digits; format the column as "
		    "text and enter the numbers again" },
		{ "id_number", "131028900229003",
		    "id_number: bad birth date" },
		{ "联系电话", "1.38001E+10", "phone: a number in scientific "
		    "notation: the spreadsheet stored the phone number as a "
		    "number and lost digits; format the column as text and "
		    "enter the numbers again" },
		{ "联系电话", "3125551234", "phone: looks like a landline whose "
		    "leading 0 was lost when a spreadsheet stored it as a "
		    "number; format the column as text" },
		{ "name", "欧阳\001修文", "name: has control characters" },
		{ "address", "北京市\t东城区",
		    "address: has control characters" },
	};
	xf_record	*in;
	char		 err[512], longv[512], want[512], expect[600];
	size_t		 i;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (xf_field_find(bad[i].key, strlen(bad[i].key)) ==
		    XF_F_RECEIVED_AT)
			in = rec(bad[i].key, bad[i].val, NULL);
		else
			in = rec("received_at", "2017-07-21", bad[i].key,
			    bad[i].val, NULL);
		CHECK_STR(norm_err(in, err, sizeof(err)), bad[i].want);
	}

	/* Long values are quoted to 60 bytes; the limits are taken. */
	memset(longv, 'a', 65);
	longv[65] = '\0';
	in = rec("received_at", "2017-07-21", "id", longv, NULL);
	memset(want, 'a', 60);
	snprintf(want + 60, sizeof(want) - 60, "…': not an id (letters, "
	    "digits, '-' and '_', at most 64)");
	snprintf(expect, sizeof(expect), "id '%s", want);
	CHECK_STR(norm_err(in, err, sizeof(err)), expect);
	longv[64] = '\0';
	in = rec("received_at", "2017-07-21", "id", longv, "people", "1000000",
	    NULL);
	CHECK_STR(norm_err(in, err, sizeof(err)), "ok");
	memset(longv, 'r', 129);
	longv[129] = '\0';
	in = rec("received_at", "2017-07-21", "ref", longv, NULL);
	memset(want, 'r', 60);
	snprintf(want + 60, sizeof(want) - 60, "…': not a reference (at most "
	    "128 characters, no control characters)");
	snprintf(expect, sizeof(expect), "ref '%s", want);
	CHECK_STR(norm_err(in, err, sizeof(err)), expect);
	longv[128] = '\0';
	in = rec("received_at", "2017-07-21", "ref", longv, NULL);
	CHECK_STR(norm_err(in, err, sizeof(err)), "ok");
	/* "At most 128 characters": 100 Chinese ones are fewer. */
	longv[0] = '\0';
	for (i = 0; i < 100; i++)
		strcat(longv, "信");
	in = rec("received_at", "2017-07-21", "ref", longv, NULL);
	CHECK_STR(norm_err(in, err, sizeof(err)), "ok");

	/* No received_at, or only an empty one. */
	in = rec("channel", "visit", "name", "张三", NULL);
	CHECK_STR(norm_err(in, err, sizeof(err)), "received_at: missing");
	in = rec("信访日期", "  ", "channel", "visit", NULL);
	CHECK_STR(norm_err(in, err, sizeof(err)), "received_at: missing");
	in = rec("received", "2017-07-21", NULL);
	CHECK_STR(norm_err(in, err, sizeof(err)), "received_at: missing");

	/* A NUL inside a value. */
	in = rec("received_at", "2017-07-21", NULL);
	CHECK(xf_record_add(in, "content", 7, "要求\0补偿", 13, 0) == 0);
	CHECK_STR(norm_err(in, err, sizeof(err)),
	    "content: has a NUL character");
	in = rec("received_at", "2017-07-21", NULL);
	CHECK(xf_record_add(in, "联系电话", strlen("联系电话"), "138\0", 4,
	    0) == 0);
	CHECK_STR(norm_err(in, err, sizeof(err)),
	    "phone: has a NUL character");
	/* In a derived field it is ignored with the field. */
	in = rec("received_at", "2017-07-21", NULL);
	CHECK(xf_record_add(in, "status", 6, "a\0b", 3, 0) == 0);
	CHECK_STR(norm_err(in, err, sizeof(err)), "ok");
}

/*
 * Values as county offices' spreadsheets hold them: full-width forms,
 * an apostrophe before digits, the spaces of a Chinese font, dates and
 * times as people write them, people counted in Chinese.
 */
static void
test_normalize_mess(void)
{
	static const struct {
		const char	*key;
		const char	*val;
		int		 field;
		const char	*want;
	} ok[] = {
		{ "信访日期", "2017/07/21 下午 3:05", XF_F_RECEIVED_AT,
		    "2017-07-21T15:05:00+08:00" },
		{ "信访日期", "2017/7/21 上午 9:05", XF_F_RECEIVED_AT,
		    "2017-07-21T09:05:00+08:00" },
		{ "信访日期", "2017年7月21日15时5分", XF_F_RECEIVED_AT,
		    "2017-07-21T15:05:00+08:00" },
		{ "信访日期", "2017年7月21日 15时", XF_F_RECEIVED_AT,
		    "2017-07-21T15:00:00+08:00" },
		{ "信访日期", "2017.7.21", XF_F_RECEIVED_AT,
		    "2017-07-21T00:00:00+08:00" },
		{ "信访日期", "2017.07.21 15:05", XF_F_RECEIVED_AT,
		    "2017-07-21T15:05:00+08:00" },
		{ "信访日期", "２０１７年７月２１日", XF_F_RECEIVED_AT,
		    "2017-07-21T00:00:00+08:00" },
		{ "信访日期", "\xe3\x80\x80" "2017/07/21 下午 12:30",
		    XF_F_RECEIVED_AT, "2017-07-21T12:30:00+08:00" },
		{ "信访形式", "来访\xe3\x80\x80", XF_F_CHANNEL, "visit" },
		{ "信访形式", "\xc2\xa0来信", XF_F_CHANNEL, "letter" },
		{ "信访形式", "ＶＩＳＩＴ", XF_F_CHANNEL, "visit" },
		{ "信访来源", "上级交办\xe3\x80\x80", XF_F_SOURCE, "assigned" },
		{ "登记层级", "　县　", XF_F_LODGED_LEVEL, "county" },
		{ "信访目的", "求决\xe3\x80\x80", XF_F_PURPOSE, "demand" },
		{ "非正常上访", "否\xe3\x80\x80", XF_F_IRREGULAR, "0" },
		{ "初重标志", "重件\xe3\x80\x80", XF_F_FIRST, "0" },
		{ "身份证号", "'11010519491231002X", XF_F_ID_NUMBER,
		    "11010519491231002X" },
		{ "身份证号", "\xe3\x80\x80" "11010519491231002x" "\xc2\xa0",
		    XF_F_ID_NUMBER, "11010519491231002X" },
		{ "身份证号", "１１０１０５１９４９１２３１００２Ｘ",
		    XF_F_ID_NUMBER, "11010519491231002X" },
		{ "身份证号", "110105491231002", XF_F_ID_NUMBER,
		    "11010519491231002X" },
		{ "联系电话", "１３８００１３８０００", XF_F_PHONE,
		    "13800138000" },
		{ "联系电话", "'13800138000", XF_F_PHONE, "13800138000" },
		{ "联系电话", "０３７１－６１２３４５６", XF_F_PHONE,
		    "0371-6123456" },
		{ "人数", "5人", XF_F_PEOPLE, "5" },
		{ "人数", "5 人", XF_F_PEOPLE, "5" },
		{ "人数", "五", XF_F_PEOPLE, "5" },
		{ "人数", "十二", XF_F_PEOPLE, "12" },
		{ "人数", "二十", XF_F_PEOPLE, "20" },
		{ "人数", "九十九", XF_F_PEOPLE, "99" },
		{ "人数", "两人", XF_F_PEOPLE, "2" },
		{ "人数", "５人", XF_F_PEOPLE, "5" },
		{ "问题属地", "１１０１０１", XF_F_REGION, "110101" },
		{ "问题属地", "'110101", XF_F_REGION, "110101" },
		{ "来源编号", "ＸＦ２０１７００１", XF_F_REF, "XF2017001" },
		{ "来源编号", "'201700000000000001", XF_F_REF,
		    "201700000000000001" },
		{ "编号", "ＤＣ－２０１７０７２１－０００１", XF_F_ID,
		    "DC-20170721-0001" },
		/* Free text is left as it is. */
		{ "信访人", "张三　", XF_F_NAME, "张三　" },
		{ "内容摘要", "拖欠工资１２万元", XF_F_TITLE, "拖欠工资１２万元" },
		{ "住址", "'北京市", XF_F_ADDRESS, "'北京市" },
	};
	xf_record	*in, *out = xf_record_new();
	char		 err[512];
	size_t		 i;

	for (i = 0; i < sizeof(ok) / sizeof(ok[0]); i++) {
		if (ok[i].field == XF_F_RECEIVED_AT)
			in = rec(ok[i].key, ok[i].val, NULL);
		else
			in = rec("received_at", "2017-07-21", ok[i].key,
			    ok[i].val, NULL);
		if (norm(defaults, in, out, err, sizeof(err)) != 0)
			printf("input: %s '%s': %s\n", ok[i].key, ok[i].val,
			    err);
		CHECK_STR(xf_record_get(out, ok[i].field), ok[i].want);
	}

	/* A value of only U+3000 is an empty cell: not given. */
	in = rec("received_at", "2017-07-21", "信访形式", "\xe3\x80\x80",
	    "联系电话", "'", NULL);
	CHECK(norm(defaults, in, out, err, sizeof(err)) == 0);
	CHECK(xf_record_get(out, XF_F_CHANNEL) == NULL);
	CHECK(xf_record_get(out, XF_F_PHONE) == NULL);

	/* People in Chinese count toward a collective visit. */
	in = rec("received_at", "2017-07-21", "信访形式", "来访　",
	    "人数", "五人", NULL);
	CHECK(norm(defaults, in, out, err, sizeof(err)) == 0);
	CHECK_STR(xf_record_get(out, XF_F_COLLECTIVE), "1");

	/*
	 * A 15-digit ID number is made one of 18, and the one given goes
	 * with the item for the register event: not as a pair of it.
	 */
	in = rec("received_at", "2017-07-21", "身份证号", " '110105491231002",
	    NULL);
	CHECK(norm(defaults, in, out, err, sizeof(err)) == 0);
	CHECK_STR(xf_record_get(out, XF_F_ID_NUMBER), "11010519491231002X");
	CHECK_STR(xf_record_given(out, XF_F_ID_NUMBER), "110105491231002");
	CHECK(xf_record_get_key(out, "110105491231002") == NULL);
	for (i = 0; i < xf_record_count(out); i++) {
		CHECK(strcmp(xf_record_value(out, i, NULL),
		    "110105491231002") != 0);
		CHECK(xf_record_field(out, i) >= 0);
	}
	/* 18 digits given: nothing to hand on; the next item has none. */
	in = rec("received_at", "2017-07-21", "身份证号", "11010519491231002X",
	    NULL);
	CHECK(norm(defaults, in, out, err, sizeof(err)) == 0);
	CHECK(xf_record_given(out, XF_F_ID_NUMBER) == NULL);
	/* Both forms of one number in two columns are one value. */
	in = rec("received_at", "2017-07-21", "身份证号", "110105491231002",
	    "证件号码", "11010519491231002X", NULL);
	CHECK(norm(defaults, in, out, err, sizeof(err)) == 0);
	CHECK_STR(xf_record_given(out, XF_F_ID_NUMBER), "110105491231002");
	/* A refused one: no value in the message. */
	in = rec("received_at", "2017-07-21", "身份证号", "110105491232003",
	    NULL);
	CHECK(norm(defaults, in, out, err, sizeof(err)) == -1);
	CHECK_STR(err, "id_number: bad birth date");
	xf_record_free(out);
}

/* An office's own catalogue, through its settings, in items. */
static void
test_normalize_catalog(void)
{
	xf_record	*in, *out = xf_record_new();
	xf_settings	*s;
	char		 cats[256], conf[256], text[512], err[512];

	write_text(cats, sizeof(cats), "一级\t二级\t三级\n"
	    "涉军\t退役军人\t安置待遇\n"
	    "涉军\t退役军人\t优抚\n"
	    "城乡建设\t城乡规划\t违章建筑\n");
	snprintf(text, sizeof(text), "catalogue = %s\n",
	    strrchr(cats, '/') + 1);
	write_text(conf, sizeof(conf), text);
	s = xf_settings_new(conf, err, sizeof(err));
	CHECK(s != NULL);
	if (s != NULL) {
		in = rec("received_at", "2017-07-21", "问题分类",
		    "涉军 / 退役军人", NULL);
		CHECK(norm(s, in, out, err, sizeof(err)) == 0);
		CHECK_STR(xf_record_get(out, XF_F_CATEGORY), "涉军/退役军人");
		in = rec("received_at", "2017-07-21", "category",
		    "劳动和社会保障/工资福利", NULL);
		CHECK(norm(s, in, out, err, sizeof(err)) == -1);
		CHECK_STR(err, "category '劳动和社会保障/工资福利': not in the "
		    "catalogue (nearest: 城乡建设, 涉军)");
		in = rec("received_at", "2017-07-21", "category",
		    "涉军/退役军人/抚恤", NULL);
		CHECK(norm(s, in, out, err, sizeof(err)) == -1);
		CHECK_STR(err, "category '涉军/退役军人/抚恤': not in the "
		    "catalogue (nearest: 涉军/退役军人/优抚, "
		    "涉军/退役军人/安置待遇)");
		xf_settings_free(s);
	}
	/* The built-in catalogue does not know the office's category. */
	in = rec("received_at", "2017-07-21", "category", "涉军", NULL);
	CHECK(norm(defaults, in, out, err, sizeof(err)) == -1);
	CHECK(strncmp(err, "category '涉军': not in the catalogue",
	    strlen("category '涉军': not in the catalogue")) == 0);
	unlink(conf);
	unlink(cats);
	xf_record_free(out);
}

/* Times in the office's zone, when it is not China's. */
static void
test_normalize_zone(void)
{
	xf_record	*in, *out = xf_record_new();
	xf_settings	*s;
	char		 path[256], err[256];

	write_text(path, sizeof(path), "timezone = -05:00\n");
	s = xf_settings_new(path, err, sizeof(err));
	CHECK(s != NULL);
	unlink(path);
	if (s != NULL) {
		in = rec("received_at", "2017-07-21 13:50", NULL);
		CHECK(norm(s, in, out, err, sizeof(err)) == 0);
		CHECK_STR(xf_record_get(out, XF_F_RECEIVED_AT),
		    "2017-07-21T13:50:00-05:00");
		in = rec("received_at", "2017-07-21T13:50:00+08:00", NULL);
		CHECK(norm(s, in, out, err, sizeof(err)) == 0);
		CHECK_STR(xf_record_get(out, XF_F_RECEIVED_AT),
		    "2017-07-21T00:50:00-05:00");
		xf_settings_free(s);
	}
	xf_record_free(out);
}

/*
 * The identity of an item as stored: a ledger keeps its fingerprints and
 * likenesses, and an item read again is known by the same values, so
 * they never change from one version to the next.  The values pinned
 * here are what xf_identity() gave at 35fbb66: white space (ASCII, the
 * no-break and the ideographic space) left out, full-width ASCII folded,
 * U+FF00, U+FF5F and U+FFE5 kept.
 */
static void
test_identity(void)
{
	static const struct {
		const char	*at, *idn, *name, *phone, *title, *content;
		int		 known;
		long long	 fp, like;
	} ids[] = {
		{ "2017-07-21T09:30:00+08:00", "110101199003077777", NULL,
		    NULL, "反映 问题", "村里的路\xe3\x80\x80坏了，ＡＢＣ１２３ 请修。",
		    XF_ID_PERSON | XF_ID_TEXT, -3650324760333562318LL,
		    2757608390048037712LL },
		{ "2017-07-21T09:30:00+08:00", NULL, "张三", "13800138000",
		    NULL, "路\xc2\xa0灯\t不亮\n", XF_ID_PERSON | XF_ID_TEXT,
		    5229571634870662849LL, 5557203899952418312LL },
		{ "2017-07-22", NULL, NULL, NULL, "",
		    "\xef\xbc\x80\xef\xbd\x9f\xef\xbf\xa5 x", XF_ID_TEXT,
		    6776085550620744141LL, 183518397007033494LL },
		{ "2017-07-22", NULL, NULL, NULL, NULL, NULL, 0,
		    7450370005938879310LL, -4589589233606274979LL },
	};
	int64_t	 fp, like;
	size_t	 i;

	for (i = 0; i < sizeof(ids) / sizeof(ids[0]); i++) {
		CHECK(xf_identity(ids[i].at, ids[i].idn, ids[i].name,
		    ids[i].phone, ids[i].title, ids[i].content, &fp, &like) ==
		    ids[i].known);
		CHECK(fp == ids[i].fp);
		CHECK(like == ids[i].like);
	}
	/* The same text with its spaces and forms as given another way. */
	CHECK(xf_identity(ids[0].at, ids[0].idn, NULL, NULL, "反映问题",
	    "村里的 路坏了，ABC123\t请修。", &fp, &like) == ids[0].known);
	CHECK(fp == ids[0].fp && like == ids[0].like);
}

int
main(void)
{
	char	 err[256];

	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	defaults = xf_settings_new(NULL, err, sizeof(err));
	if (defaults == NULL) {
		printf("settings: %s\n", err);
		return 1;
	}
	test_field_find();
	test_field_token();
	test_settings_defaults();
	test_settings_file();
	test_settings_errors();
	test_catalog_builtin();
	test_catalog_file();
	test_normalize_full();
	test_normalize_defaults();
	test_normalize_derived();
	test_normalize_twice();
	test_normalize_errors();
	test_normalize_mess();
	test_normalize_catalog();
	test_normalize_zone();
	test_identity();
	xf_settings_free(defaults);
	if (rmdir(tmpdir) == -1)
		printf("rmdir %s: %s\n", tmpdir, strerror(errno));
	return test_done("t-item");
}
