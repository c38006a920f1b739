/*
 * xf-person - the key persons (重点人员) kept under watch: import the
 * registry an office keeps in a spreadsheet, record the contacts made
 * (见面), list those owed by official, export the watch list
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmd.h"

#define USAGE "[-hkn] [--contact | --owed | --list [ID] | --contacts ID |\n" \
	"\t--items ID | --history ID | --of ITEM] [--actor NAME] [--bom]\n" \
	"\t[--config FILE] [--date DATE] [--db FILE] [--dry-run]\n" \
	"\t[--encoding ENC] [-f json|csv|table|xlsx] [--header en|zh]\n" \
	"\t[--how TEXT] [--input-format auto|json|csv] [--all-sheets]\n" \
	"\t[--header-row N] [--sheet NAME|N] [--keep-going] [--lang en|zh]\n" \
	"\t[--notes TEXT] [--official NAME] [-o FILE] [--raw-csv]\n" \
	"\t[--reject FILE] [--reveal] [--version] [FILE ...]"

enum {
	OPT_CONTACT = OPT_FIRST_PROGRAM_OPTION, OPT_OWED, OPT_LIST,
	OPT_CONTACTS, OPT_ITEMS, OPT_HISTORY, OPT_OF, OPT_DATE, OPT_HOW, OPT_NOTES, OPT_OFFICIAL
};

/* The columns of the registry an office's spreadsheet may name. */
static const char *const grade_keys[] = {
	"grade", "等级", "级别", "管控等级", NULL
};
static const char *const category_keys[] = {
	"categories", "类别", "人员类别", "问题类别", NULL
};

/* The value of the first key given, trimmed, to be freed; NULL: none. */
static char *
value(const xf_record *r, int field, const char *const *keys,
    const char *zh)
{
	const char	*v = field >= 0 ? xf_record_get(r, field) : NULL;
	size_t		 n;
	int		 i;

	for (i = 0; v == NULL && keys != NULL && keys[i] != NULL; i++)
		v = xf_record_get_key(r, keys[i]);
	if (v == NULL && zh != NULL)
		v = xf_record_get_key(r, zh);
	if (v == NULL)
		return NULL;
	v += strspn(v, " \t");
	for (n = strlen(v); n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t');
	    n--)
		;
	return n > 0 ? strndup(v, n) : NULL;
}

/* The person as it stands after the step, into b->item. */
static int
applied(struct cmd_batch *b, const char *id, enum xf_applied rc)
{
	xf_cursor	*c;

	if (rc == XF_APPLIED || rc == XF_ALREADY) {
		if ((c = xf_ledger_persons(b->c->ledger, id)) == NULL ||
		    xf_cursor_next(c, b->item) != 1)
			rc = XF_STEP_ERROR;
		xf_cursor_free(c);
	}
	return cmd_applied(b, id, rc);
}

static int
take_person(struct cmd_batch *b, void *arg)
{
	struct xf_person p;
	char		*v[7 + XF_DUTY_COUNT], id[32];
	enum xf_applied	 rc;
	int		 i, r;

	(void)arg;
	memset(&p, 0, sizeof p);
	v[0] = value(b->in, XF_F_NAME, NULL, NULL);
	v[1] = value(b->in, XF_F_ID_NUMBER, NULL, NULL);
	v[2] = value(b->in, XF_F_PHONE, NULL, NULL);
	v[3] = value(b->in, -1, grade_keys, NULL);
	v[4] = value(b->in, -1, category_keys, NULL);
	v[5] = value(b->in, XF_F_UNIT, NULL, NULL);
	v[6] = value(b->in, XF_F_LEAD, NULL, NULL);
	for (i = 0; i < XF_DUTY_COUNT; i++) {
		const char *keys[2] = { xf_duty_name(i), NULL };

		v[7 + i] = value(b->in, -1, keys, xf_duty_zh(i));
		p.duty[i] = v[7 + i];
	}
	p.name = v[0];
	p.id_number = v[1];
	p.phone = v[2];
	p.grade = v[3];
	p.categories = v[4];
	p.unit = v[5];
	p.lead = v[6];
	snprintf(id, sizeof id, "person");
	rc = xf_ledger_person(b->c->ledger, &p, id, sizeof id);
	r = applied(b, id, rc);
	for (i = 0; i < 7 + XF_DUTY_COUNT; i++)
		free(v[i]);
	return r;
}

static int
take_contact(struct cmd_batch *b, void *arg)
{
	const char *id = cmd_record_id(b);

	if (id == NULL)
		return -1;
	return applied(b, id, xf_ledger_contact(b->c->ledger, id, arg));
}

/* Print the items of a person, by its ID number, else name and phone. */
static int
items(struct cmd *c, const char *id)
{
	struct xf_filter f;
	xf_cursor	*p, *out;
	xf_record	*r;
	int		 rc;

	if ((p = xf_ledger_persons(c->ledger, id)) == NULL ||
	    (r = xf_record_new()) == NULL)
		cmd_die(c, XF_EXIT_DATA, "%s", xf_ledger_errmsg(c->ledger));
	rc = xf_cursor_next(p, r);
	xf_cursor_free(p);
	if (rc != 1)
		cmd_die(c, XF_EXIT_DATA, "%s: no person in the registry", id);
	xf_filter_init(&f);
	f.person_id = xf_record_get_key(r, "id_number");
	if (f.person_id == NULL) {
		f.person_name = xf_record_get_key(r, "name");
		f.person_phone = xf_record_get_key(r, "phone");
	}
	out = xf_ledger_select(c->ledger, &f);
	xf_record_free(r);
	return cmd_print(c, out);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		CMD_OPTIONS, CMD_INPUT_OPTIONS, CMD_WRITE_OPTIONS,
		{ "contact", no_argument, NULL, OPT_CONTACT },
		{ "contacts", required_argument, NULL, OPT_CONTACTS },
		{ "date", required_argument, NULL, OPT_DATE },
		{ "history", required_argument, NULL, OPT_HISTORY },
		{ "how", required_argument, NULL, OPT_HOW },
		{ "items", required_argument, NULL, OPT_ITEMS },
		{ "list", optional_argument, NULL, OPT_LIST },
		{ "notes", required_argument, NULL, OPT_NOTES },
		{ "of", required_argument, NULL, OPT_OF },
		{ "official", required_argument, NULL, OPT_OFFICIAL },
		{ "owed", no_argument, NULL, OPT_OWED },
		{ NULL, 0, NULL, 0 }
	};
	struct cmd	 c;
	struct cmd_batch b;
	struct xf_contact ct = { 0 };
	const char	*id = NULL;
	char		 item[128];
	int		 ch, li, mode = 0, contact_options = 0, status;

	cmd_init(&c, argv, "xf-person", USAGE);
	while ((ch = getopt_long(argc, argv, "f:hkno:", longopts,
	    &li)) != -1) {
		if (cmd_option(&c, ch, optarg))
			continue;
		if (optarg != NULL && *optarg == '\0')
			cmd_usage_error(&c, "--%s: empty", longopts[li].name);
		switch (ch) {
		case OPT_CONTACT:
		case OPT_OWED:
		case OPT_LIST:
		case OPT_CONTACTS:
		case OPT_ITEMS:
		case OPT_HISTORY:
		case OPT_OF:
			if (mode != 0 && mode != ch)
				cmd_usage_error(&c, "one of --contact, --owed, "
				    "--list, --contacts, --items, --history and "
				    "--of");
			mode = ch;
			id = optarg;
			break;
		case OPT_DATE:
			ct.at = optarg;
			contact_options = 1;
			break;
		case OPT_HOW:
			ct.how = optarg;
			contact_options = 1;
			break;
		case OPT_NOTES:
			ct.notes = optarg;
			contact_options = 1;
			break;
		case OPT_OFFICIAL:
			ct.official = optarg;
			contact_options = 1;
			break;
		default:
			cmd_usage_error(&c, "unknown option");
		}
	}
	argc -= optind;
	argv += optind;
	if (contact_options && mode != OPT_CONTACT)
		cmd_usage_error(&c, "--date, --how, --notes and --official "
		    "need --contact");
	/* --list ID as well as --list=ID. */
	if (mode == OPT_LIST && id == NULL && argc == 1) {
		id = argv[0];
		argc = 0;
	}
	if (mode != 0 && mode != OPT_CONTACT && argc > 0)
		cmd_usage_error(&c, "'%s': a list reads no input", argv[0]);
	cmd_settings(&c);
	if (mode != 0 && mode != OPT_CONTACT) {
		cmd_ledger(&c, XF_L_READONLY);
		if (mode == OPT_OF)
			id = xf_ledger_case_id(c.ledger, id, item, sizeof item);
		if (mode == OPT_ITEMS)
			status = items(&c, id);
		else
			status = cmd_print(&c, mode == OPT_OWED ?
			    xf_ledger_contacts_owed(c.ledger) : mode ==
			    OPT_CONTACTS ? xf_ledger_person_contacts(c.ledger,
			    id) : mode == OPT_OF ? xf_ledger_person_of(c.ledger,
			    id) : mode == OPT_HISTORY ?
			    xf_ledger_person_history(c.ledger, id) :
			    xf_ledger_persons(c.ledger, id));
		cmd_free(&c);
		return status;
	}
	cmd_check_date(&c, "--date", ct.at);
	cmd_batch_begin(&b, &c, argc, argv);
	cmd_batch_read(&b, argc, argv, mode == OPT_CONTACT ? take_contact :
	    take_person, &ct);
	if (isatty(STDERR_FILENO))
		cmd_warn(&c, "%ld %s, %ld unchanged, %ld rejected", b.done,
		    mode == OPT_CONTACT ? "recorded" : "registered or changed",
		    b.already, b.rejected);
	status = cmd_batch_end(&b, mode == OPT_CONTACT ? "recorded" :
	    "registered");
	cmd_free(&c);
	return status;
}
