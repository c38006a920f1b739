/*
 * ratenames.c - the names of the rates of xf-stats(1) rates, English
 * and as the offices' reports write them in Chinese: what the settings
 * check a rate set or a target against, apart from how rates.c counts
 * them (which needs the ledger, which needs the settings)
 */
#include <string.h>

#include "xf-private.h"

static const struct {
	const char	*name;
	const char	*zh;
} names[XF_R_COUNT] = {
	[XF_R_TIMELY_ACCEPTANCE] = { "timely_acceptance", "信访部门及时受理率" },
	[XF_R_ACCEPTED_LATE] = { "accepted_late", "超期受理率" },
	[XF_R_NOT_ACCEPTED] = { "not_accepted", "超期未受理率" },
	[XF_R_TIMELY_ACCEPTANCE_UNIT] = { "timely_acceptance_unit", "责任单位及时受理率" },
	[XF_R_ON_TIME_COMPLETION] = { "on_time_completion", "按期办结率" },
	[XF_R_EVALUATION] = { "evaluation_participation", "参评率" },
	[XF_R_SATISFACTION] = { "satisfaction", "满意率" },
	[XF_R_FIRST_SATISFACTION] = { "first_satisfaction", "初信初访满意率" },
	[XF_R_ONLINE_SHARE] = { "online_share", "网信占比" },
	[XF_R_REPEAT] = { "repeat_rate", "重复信访率" },
	[XF_R_ONE_TIME] = { "one_time_resolution", "一次性化解率" },
	[XF_R_RESOLUTION] = { "resolution", "化解率" },
	[XF_R_KEY_CASE] = { "key_case_resolution", "包案化解率" },
	[XF_R_PETITION_FREE] = { "petition_free_villages", "无上访村(社区)比率" },
	[XF_R_UNPLACED] = { "unplaced_items", "未定位到村的信访件占比" },
};

const char *
xf_rate_name(int r)
{
	return r >= 0 && r < XF_R_COUNT ? names[r].name : NULL;
}

int
xf_stats_rate(const char *name, size_t len)
{
	int	 i;

	for (i = 0; i < XF_R_COUNT; i++)
		if (strlen(names[i].name) == len &&
		    memcmp(names[i].name, name, len) == 0)
			return i;
	return -1;
}

const char *
xf_stats_rate_zh(const char *name)
{
	int	 r = xf_stats_rate(name, strlen(name));

	return r == -1 ? NULL : names[r].zh;
}
