# stores: sqlite pg
# xf-notice: the document each decision calls for, from the built-in
# templates and an office's own; refusals; numbers (a reprint, a
# reissue, a new year); delivery and the review window from it; the
# papers owed and xf-query --undelivered
. "$TOP/tests/cli/lib.sh"

H=ref,received_at,channel,name,id_number,phone,address,title,content,category
printf '%s\n' "$H" \
    'N1,2017-11-01,visit,张三,110101199003071233,13800138000,大厂县某村1号,拖欠工资,请求支付2017年工资,劳动和社会保障' \
    'N2,2017-11-02,letter,李四,,13900000002,某镇某街,征地补偿,征地补偿不到位,城乡建设' \
    'N3,2017-11-03,letter,王五,,13900000003,某镇,离婚纠纷,要求法院改判,政法' \
    'N4,2017-11-04,visit,赵六,,13900000004,某乡,<b>房屋</b>漏水,开发商拒不维修 & 推诿,城乡建设' \
    'N5,2017-11-05,visit,钱七,,13900000005,某村,拆迁安置,安置房未交付,城乡建设' \
    'N6,2017-11-06,visit,孙八,,13900000006,某村,低保,申请低保,民政' \
    'N7,2017-11-07,visit,周九,,13900000007,某村,宅基地,宅基地纠纷,国土资源' \
    'N8,2017-11-08,visit,吴十,,13900000008,某村,欠薪,讨要欠薪,劳动和社会保障' \
    > cases.csv
t_ok "register" xf-intake cases.csv
A=20171101-0001		# accepted: acceptance; later replied, delivered
B=20171102-0001		# refused: refusal
C=20171103-0001		# transferred: transfer
D=20171104-0001		# extended: extension
E=20171105-0001		# replied, not delivered
F=20171106-0001		# to final: review, re-review; then a repeat
G=20171107-0001		# closed by an agreement
R=20171108-0001		# registered only: nothing yet
step() {
	id=$1
	shift
	echo $id | "$@" > /dev/null 2>&1 || echo "step failed: $id $*"
}
t_eq "the cases' steps" "$(
	step $A xf-assign --unit 县人社局 --date 2017-11-02
	step $B xf-assign --refuse 向人民法院提起诉讼 --date 2017-11-03
	step $C xf-assign --transfer 市住建局 --date 2017-11-04
	step $D xf-assign --unit 县住建局 --date 2017-11-05
	step $D xf-assign --extend 30 --reason 需要现场勘查 --date 2017-12-20
	step $E xf-assign --unit 县住建局 --date 2017-11-06
	step $E xf-close --reply explained --date 2017-12-01
	step $F xf-assign --unit 县民政局 --date 2017-11-07
	step $F xf-close --reply not-supported --date 2017-11-20
	step $F xf-assign --review --date 2017-11-25
	step $F xf-close --review-reply not-supported --date 2017-12-05
	step $F xf-assign --re-review --date 2017-12-06
	step $F xf-close --re-review-reply not-supported --date 2017-12-20
	step $G xf-assign --unit 县国土局 --date 2017-11-08
	step $G xf-close --close agreement --date 2017-12-01)" ""
# Owed before any is issued: the document each status calls for, the
# ledger's SQL agreeing with the notice's rule (re-acceptance and
# not-again below).
t_ok "all owed" xf-query --undelivered -f csv
t_eq "one for each decision" "$(tail -n +2 "$OUT" | tr -d '\r' | cut -d, -f1-4)" "\
$A,1,acceptance,not issued
$B,1,refusal,not issued
$C,1,transfer,not issued
$D,1,extension,not issued
$E,1,opinion,not issued
$F,1,re-review,not issued
$G,1,agreement,not issued"
docs() {
	t_sql "SELECT count(*) FROM documents"
}
number_of() {
	sed -n 's/.*<p class="number">\([^<]*\)<.*/\1/p' "$OUT" | tr '\n' ' '
}

# Usage errors: status 2, nothing written.
t_fail 2 "unknown document" xf-notice --doc letter
t_grep "the documents" "^xf-notice: --doc 'letter': not acceptance, re-acceptance, refusal, not-again, transfer, extension, opinion, review, re-review, agreement or receipt$" "$ERR"
t_grep "usage line" "^usage: xf-notice " "$ERR"
t_fail 2 "reissue without a reason" xf-notice --reissue
t_grep "reissue needs a reason" "^xf-notice: --reissue needs --reason$" "$ERR"
t_fail 2 "a reason without reissue" xf-notice --reason 错字
t_fail 2 "delivered without --doc" xf-notice --delivered 2018-01-10 --method post
t_grep "delivered needs" "^xf-notice: --delivered needs --doc and --method$" "$ERR"
t_fail 2 "a bad method" xf-notice --delivered 2018-01-10 --doc opinion --method pigeon
t_grep "the methods" "^xf-notice: --method 'pigeon': not in-person, post, online or announcement$" "$ERR"
t_fail 2 "a receipt is not delivered" xf-notice --delivered 2018-01-10 --doc receipt --method post
t_fail 2 "a bad delivery date" xf-notice --delivered 2018-02-30 --doc opinion --method post
t_grep "date named" "^xf-notice: --delivered '2018-02-30': " "$ERR"
t_fail 2 "--owed takes no input" xf-notice --owed ids.txt
t_fail 2 "--dir not a directory" xf-notice --dir nowhere
t_grep "dir named" "^xf-notice: --dir 'nowhere': not a directory$" "$ERR"
t_ok "--help" xf-notice --help
t_grep "help shows usage" "^usage: xf-notice \[-hkn\] " "$OUT"
t_eq "nothing written" "$(docs)" 0

# The document each case's last decision calls for.
t_ok "acceptance" sh -c "echo $A | xf-notice"
t_grep "a page" "^<!DOCTYPE html>$" "$OUT"
t_grep "A4" "@page \{ size: A4;" "$OUT"
t_grep "CJK fonts" "Noto Serif CJK SC" "$OUT"
t_grep "its title" "^<h1>受理告知书</h1>$" "$OUT"
t_eq "its number" "$(number_of)" "信受字〔2018〕1号 "
t_grep "addressed whole" "^<p class=\"to\">张三：</p>$" "$OUT"
t_grep "the dates" "你（你们）于2017年11月1日以来访形式提出的信访事项（编号$A，拖欠工资）" "$OUT"
t_grep "the acceptance" "于2017年11月2日受理" "$OUT"
t_grep "the law" "《信访工作条例》第二十二条" "$OUT"
t_grep "the date in Chinese" "^<p class=\"date\">二〇一八年一月十五日</p>$" "$OUT"
t_grep "the page ends" "^</html>$" "$OUT"
t_ok "refusal" sh -c "echo $B | xf-notice"
t_grep "refusal title" "^<h1>不予受理告知书</h1>$" "$OUT"
t_grep "the route" "请你（你们）依法通过以下途径解决：向人民法院提起诉讼。" "$OUT"
t_ok "transfer" sh -c "echo $C | xf-notice"
t_grep "transfer title" "^<h1>转送告知书</h1>$" "$OUT"
t_grep "the body" "转送市住建局" "$OUT"
t_ok "extension" sh -c "echo $D | xf-notice"
t_grep "extension title" "^<h1>延期告知书</h1>$" "$OUT"
t_grep "the reason and days" "因需要现场勘查.*延长30日，至2018年2月3日" "$OUT"
t_grep "escaped" "（编号$D，&lt;b&gt;房屋&lt;/b&gt;漏水）" "$OUT"
t_nogrep "nothing raw" "<b>房屋" "$OUT"
t_ok "opinion" sh -c "echo $E | xf-notice"
t_grep "opinion title" "^<h1>信访事项处理意见书</h1>$" "$OUT"
t_grep "the answer" "处理意见为：解释说明。" "$OUT"
t_grep "its words" "请求事由合理，但缺乏法律依据" "$OUT"
t_grep "the review right" "自收到本意见书之日起30日内向原办理机关、单位的上一级机关、单位请求复查" "$OUT"
t_ok "re-review, the last decision" sh -c "echo $F | xf-notice"
t_grep "re-review title" "^<h1>信访事项复核意见书</h1>$" "$OUT"
t_grep "final" "不再受理。</p>$" "$OUT"
t_ok "the review, named" sh -c "echo $F | xf-notice --doc review"
t_grep "review title" "^<h1>信访事项复查意见书</h1>$" "$OUT"
t_grep "the re-review right" "30日内向复查机关、单位的上一级机关、单位请求复核" "$OUT"
t_ok "the first opinion, named" sh -c "echo $F | xf-notice --doc 信访事项处理意见书"
t_grep "not supported" "处理意见为：不予支持。" "$OUT"
t_ok "agreement" sh -c "echo $G | xf-notice"
t_grep "agreement title" "^<h1>息诉息访协议书</h1>$" "$OUT"
t_ok "receipt" sh -c "echo $E | xf-notice --doc receipt"
t_grep "receipt title" "^<h1>送达回执</h1>$" "$OUT"
t_grep "of the opinion" "<td>信访事项处理意见书（信处字〔2018〕1号）</td>" "$OUT"
t_grep "phone whole" "<td>13900000005</td>" "$OUT"
t_ok "receipt with the ID number" sh -c "echo $A | xf-notice --doc receipt"
t_grep "ID number whole" "<td>110101199003071233</td>" "$OUT"
t_grep "of the acceptance" "<td>受理告知书（信受字〔2018〕1号）</td>" "$OUT"

# Refused: the case has no such decision; the batch is rolled back.
n=$(docs)
t_fail 1 "no decision yet" sh -c "echo $R | xf-notice"
t_grep "no decision named" "^xf-notice: -:1: $R: no document: no acceptance decision yet$" "$ERR"
t_grep "rolled back" "^xf-notice: nothing issued: the batch was rolled back$" "$ERR"
t_eq "nothing printed" "$(wc -c < "$OUT")" 0
t_fail 1 "no opinion before a reply" sh -c "echo $A | xf-notice --doc opinion"
t_grep "no reply named" "^xf-notice: -:1: $A: no opinion: no reply yet$" "$ERR"
t_fail 1 "not refused" sh -c "echo $A | xf-notice --doc refusal"
t_grep "not refused named" "$A: no refusal: not refused$" "$ERR"
t_fail 1 "not an agreement" sh -c "echo $E | xf-notice --doc agreement"
t_fail 1 "no re-acceptance before a reopening" sh -c "echo $A | xf-notice --doc re-acceptance"
t_grep "not reopened" "$A: no re-acceptance: not reopened$" "$ERR"
t_fail 1 "no such case" sh -c "echo 20990101-0001 | xf-notice"
t_grep "no such case named" "no item '20990101-0001' in the ledger$" "$ERR"
t_fail 1 "one bad of two" sh -c "printf '%s\n' $A $R | xf-notice"
t_eq "none kept" "$(docs)" "$n"
t_fail 1 "--keep-going" sh -c "printf '%s\n' $R $B | xf-notice --keep-going"
t_grep "the good one printed" "^<h1>不予受理告知书</h1>$" "$OUT"
t_grep "the bad one named" "^xf-notice: -:1: $R: no document: no acceptance decision yet$" "$ERR"

# Numbers: the same on a reprint, a new one on a reissue, per kind and year.
t_ok "a reprint" sh -c "echo $A | xf-notice"
t_eq "the same number" "$(number_of)" "信受字〔2018〕1号 "
t_eq "issued once" "$(t_sql "SELECT count(*) FROM events WHERE item = '$A' AND action = 'issue' AND json_extract(details, '$.document') = 'acceptance'")" 1
t_ok "several cases at once" sh -c "printf '%s\n' $A $B $C | xf-notice"
t_eq "their numbers" "$(number_of)" "信受字〔2018〕1号 信不受字〔2018〕1号 信转字〔2018〕1号 "
t_eq "three sections" "$(grep -c '^<section class="doc' "$OUT")" 3
t_eq "one head" "$(grep -c '^<!DOCTYPE html>$' "$OUT")" 1
t_grep "a page each" "section.doc \+ section.doc \{ break-before: page;" "$OUT"
t_fail 1 "reissue of a document not issued" sh -c "echo $D | xf-notice --doc review --reissue --reason 错字"
t_ok "reissue" sh -c "echo $A | xf-notice --doc acceptance --reissue --reason 当事人姓名有误"
t_eq "a new number" "$(number_of)" "信受字〔2018〕2号 "
t_eq "the reissue's event" "$(t_sql "SELECT json_extract(details, '$.number') || '|' || json_extract(details, '$.reason') || '|' || json_extract(details, '$.replaces') FROM events WHERE item = '$A' AND action = 'issue' ORDER BY seq DESC LIMIT 1")" "信受字〔2018〕2号|当事人姓名有误|信受字〔2018〕1号"
t_ok "printed again" sh -c "echo $A | xf-notice"
t_eq "the reissued number" "$(number_of)" "信受字〔2018〕2号 "
t_eq "one in force" "$(t_sql "SELECT count(*) FROM documents WHERE item = '$A' AND kind = 'acceptance' AND replaced_by IS NULL")" 1
t_ok "a dry run" sh -c "echo $D | xf-notice --dry-run --doc receipt"
t_grep "shows a number" "信回字〔2018〕3号" "$OUT"
t_eq "keeps none" "$(t_sql "SELECT count(*) FROM documents WHERE item = '$D' AND kind = 'receipt'")" 0
t_ok "reissued another year" sh -c "echo $D | XF_NOW=2019-01-02T09:00:00+08:00 xf-notice --reissue --reason 重印"
t_eq "numbered from 1 again" "$(number_of)" "信延字〔2019〕1号 "
t_ok "--dir" sh -c "printf '%s\n' $A $C | xf-notice --dir ."
t_grep "a file per case" "^<h1>受理告知书</h1>$" "$A-acceptance.html"
t_grep "each a page" "^<!DOCTYPE html>$" "$C-transfer.html"
t_eq "private" "$(stat -c %a $A-acceptance.html)" 600
t_eq "nothing on standard output" "$(wc -c < "$OUT")" 0
mkdir kept
t_fail 1 "--dir, one case refused" sh -c "printf '%s\n' $A $R | xf-notice --dir kept"
t_eq "no file left" "$(ls -A kept | wc -l)" 0
t_ok "--dir --dry-run" sh -c "echo $A | xf-notice --dir kept --dry-run"
t_eq "no file of a dry run" "$(ls -A kept | wc -l)" 0
t_fail 1 "--keep-going --dir" sh -c "printf '%s\n' $A $R | xf-notice --dir kept --keep-going"
t_eq "the good one's file" "$(ls -A kept)" "$A-acceptance.html"
t_ok "-o FILE" sh -c "echo $B | xf-notice -o refusal.html"
t_grep "written" "^<h1>不予受理告知书</h1>$" refusal.html

# The office's settings and templates.
mkdir tpl
printf '%s\n' '<p>{{机关名称}} {{ 文号 }}</p>' '<p>{{信访人}}：{{成文日期}}</p>' '<p>{{office_phone}}</p>' > tpl/opinion.html
cat > office.conf <<EOF
office_name = 大厂回族自治县信访局
office_phone = 0316-8800000
template_dir = tpl
doc_number.opinion = 大信处字〔{year}〕第{n}号
EOF
t_ok "the office's template" sh -c "echo $F | xf-notice --config office.conf --doc opinion"
t_grep "its settings" "^<p>大厂回族自治县信访局 信处字〔2018〕2号</p>$" "$OUT"
t_grep "its phone" "^<p>0316-8800000</p>$" "$OUT"
t_ok "a new case's opinion in the office's pattern" sh -c "echo $E | xf-notice --config office.conf --doc opinion --reissue --reason 红头文件"
t_grep "the pattern" "^<p>大厂回族自治县信访局 大信处字〔2018〕第3号</p>$" "$OUT"
printf '%s\n' '<p>{{信访人}}</p>' '' '<p>{{受理日子}}</p>' > tpl/opinion.html
t_fail 3 "an unknown placeholder" sh -c "echo $E | xf-notice --config office.conf --doc opinion"
t_grep "template, line and name" "^xf-notice: .*tpl/opinion.html:3: unknown placeholder '受理日子'$" "$ERR"
printf '%s\n' '<p>{{信访人</p>' > tpl/opinion.html
t_fail 3 "an open placeholder" sh -c "echo $E | xf-notice --config office.conf --doc opinion"
t_grep "open named" "tpl/opinion.html:1: '\{\{' without '\}\}'$" "$ERR"
t_fail 3 "a template missing" sh -c "echo $A | xf-notice --config office.conf"
t_grep "missing named" "tpl/acceptance.html: " "$ERR"
t_eq "nothing issued" "$(t_sql "SELECT count(*) FROM documents WHERE number LIKE '大信%'")" 1
echo 'doc_number = {office}〔{year}〕{n}号' > badnum.conf
t_fail 3 "a bad number pattern" sh -c "echo $G | xf-notice --config badnum.conf --doc receipt"
t_grep "pattern named" "doc_number '\{office\}〔\{year\}〕\{n\}号': unknown name '\{office\}'" "$ERR"
echo 'doc_number.letter = x{n}' > badkey.conf
t_fail 3 "a setting of no document" xf-notice --config badkey.conf --owed
t_grep "unknown setting" "unknown setting 'doc_number.letter'" "$ERR"

# Delivery, and the review window from it (信访工作条例 Art. 35).
t_ok "replied" sh -c "echo $A | xf-close --reply supported --date 2017-12-01"
t_ok "the opinion, issued in 2017" sh -c "echo $A | XF_NOW=2017-12-05T10:00:00+08:00 xf-notice"
t_eq "a number of 2017" "$(number_of)" "信处字〔2017〕1号 "
t_fail 1 "delivered before it was issued" sh -c "echo $A | xf-notice --delivered 2017-12-04 --doc opinion --method post"
t_grep "before issued" "cannot record the delivery: 2017-12-04 is before the document was issued$" "$ERR"
t_fail 1 "delivered in the future" sh -c "echo $A | xf-notice --delivered 2018-01-16 --doc opinion --method post"
t_fail 1 "a document not issued" sh -c "echo $A | xf-notice --delivered 2018-01-10 --doc review --method post"
t_grep "not issued" "cannot record the delivery: no review issued for handling 1$" "$ERR"
t_ok "delivered" sh -c "echo $A | xf-notice --delivered 2017-12-10 --doc opinion --method post"
t_grep "the case printed" "\"id\":\"$A\"" "$OUT"
t_eq "in the ledger" "$(t_sql "SELECT delivered_at || '|' || method || '|' || refused_to_sign FROM documents WHERE item = '$A' AND kind = 'opinion'")" "2017-12-10|post|0"
t_eq "its event" "$(t_sql "SELECT json_extract(details, '$.delivered_at') FROM events WHERE item = '$A' AND action = 'deliver'")" "2017-12-10"
t_ok "delivered again, the same" sh -c "echo $A | xf-notice --delivered 2017-12-10 --doc opinion --method post"
t_eq "one event" "$(t_sql "SELECT count(*) FROM events WHERE action = 'deliver'")" 1
t_fail 1 "delivered otherwise" sh -c "echo $A | xf-notice --delivered 2017-12-11 --doc opinion --method in-person"
t_grep "delivered already" "the opinion 信处字〔2017〕1号 was delivered on 2017-12-10 \(post\)$" "$ERR"
t_ok "the receipt shows the delivery" sh -c "echo $A | xf-notice --doc receipt"
t_grep "the method" "<td>邮寄送达</td>" "$OUT"
# Day 31 after the delivery is too late; day 30 is in time.  Without
# a delivery the window runs from the reply (E replied 2017-12-01).
t_fail 1 "review on day 31 after delivery" sh -c "echo $A | xf-assign --review --date 2018-01-10"
t_grep "from the delivery" "cannot review: the answer delivered on 2017-12-10 is more than 30 days old$" "$ERR"
t_ok "review on day 30 after delivery" sh -c "echo $A | xf-assign --review --date 2018-01-09"
t_fail 1 "undelivered: from the reply" sh -c "echo $E | xf-assign --review --date 2018-01-01"
t_grep "from the reply" "cannot review: the answer of 2017-12-01T00:00:00\+08:00 is more than 30 days old$" "$ERR"
t_ok "--refused-to-sign" sh -c "echo $B | xf-notice --delivered 2018-01-15 --doc refusal --method in-person --refused-to-sign"
t_eq "refused to sign kept" "$(t_sql "SELECT refused_to_sign FROM documents WHERE item = '$B' AND kind = 'refusal'")" 1

# What is owed, and what was not delivered.
t_ok "reopened" sh -c "echo $G | xf-close --reopen 协议未履行 --date 2018-01-05"
t_ok "--owed" xf-notice --owed -f csv
t_grep "the header" "^id,handling,document,state,number,issued_at" "$OUT"
t_grep "not issued" "^$G,2,re-acceptance,not issued,," "$OUT"
t_grep "not delivered" "^$C,1,transfer,not delivered,信转字〔2018〕1号," "$OUT"
t_grep "its receipt owed" "^$C,1,receipt,not issued,," "$OUT"
t_nogrep "delivered: not owed" "^$B," "$OUT"
t_nogrep "under review: nothing owed" "^$A," "$OUT"
t_nogrep "registered: nothing owed" "^$R," "$OUT"
t_ok "xf-query --undelivered" xf-query --undelivered -f csv
t_grep "a decision not delivered" "^$C,1,transfer,not delivered," "$OUT"
t_nogrep "no receipts" ",receipt," "$OUT"
t_nogrep "not the delivered" "^$B," "$OUT"
t_fail 2 "--undelivered and --count" xf-query --undelivered --count

# A reopened case: a new handling, its own re-acceptance and number.
t_ok "re-acceptance" sh -c "echo $G | xf-notice"
t_grep "re-acceptance title" "^<h1>重新受理告知书</h1>$" "$OUT"
t_grep "since the reopening" "于2018年1月5日决定重新办理" "$OUT"
t_eq "of handling 2" "$(t_sql "SELECT handling FROM documents WHERE item = '$G' AND kind = 're-acceptance'")" 2
t_ok "assigned again" sh -c "echo $G | xf-assign --unit 县国土局 --date 2018-01-06"
t_ok "still re-acceptance" sh -c "echo $G | xf-notice"
t_eq "the same number" "$(number_of)" "信重受字〔2018〕1号 "
t_ok "owed: still re-acceptance" xf-query --undelivered -f csv
t_grep "assigned, handling 2" "^$G,2,re-acceptance,not delivered,信重受字〔2018〕1号," "$OUT"
t_ok "replied in handling 2" sh -c "echo $G | xf-close --reply supported --date 2018-01-08"
t_ok "its opinion" sh -c "echo $G | XF_NOW=2018-01-09T09:00:00+08:00 xf-notice"
t_eq "of handling 2, numbered on" "$(t_sql "SELECT handling || '|' || number FROM documents WHERE item = '$G' AND kind = 'opinion'")" "2|信处字〔2018〕4号"
t_ok "delivered" sh -c "echo $G | xf-notice --delivered 2018-01-10 --doc opinion --method online"
t_grep "the reply's delivery on the case" '"reply_delivered_at":"2018-01-10"' "$OUT"
# The evaluation window (30 days) runs from the delivery, not the reply
# of January 8th: still open on February 8th (the reply's day 31, the
# delivery's 29), past on February 10th (the delivery's day 31).
evaluation() {
	XF_NOW=$1T09:00:00+08:00 xf-query --id $G -f csv | tr -d '\r' |
	    awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "evaluation") c = i } NR == 2 { print $c }'
}
t_eq "pending on February 8th" "$(evaluation 2018-02-08)" pending
t_eq "expired on February 10th" "$(evaluation 2018-02-10)" expired
# Evaluation participation of January: G is left out while its window
# is open (0 of 0), and counted, not evaluated, once it closed (0 of 1).
part() {
	d=$1
	shift
	XF_NOW=${d}T09:00:00+08:00 xf-stats rates --from 2018-01-01 --to 2018-01-31 -f csv "$@" | tr -d '\r' |
	    awk -F, '$1 == "evaluation_participation" { print $2 "/" $3 }'
}
t_eq "participation on February 8th" "$(part 2018-02-08)" 0/0
t_eq "participation on February 10th" "$(part 2018-02-10)" 0/1
t_eq "as recorded the day after: the delivery replayed" "$(part 2018-02-08 --as-recorded 2018-01-16)" 0/0
t_fail 1 "review on day 31 after the second delivery" sh -c "echo $G | XF_NOW=2018-02-20T09:00:00+08:00 xf-assign --review --date 2018-02-10"
t_grep "that delivery" "cannot review: the answer delivered on 2018-01-10 is more than 30 days old$" "$ERR"
t_ok "on day 30" sh -c "echo $G | XF_NOW=2018-02-20T09:00:00+08:00 xf-assign --review --date 2018-02-09"

# A repeat of a final case: the not-again notice (不再受理).
t_ok "closed final" sh -c "echo $F | xf-close --close final --date 2018-01-02"
printf '%s\n' "$H" 'N9,2018-01-10,visit,孙八,,13900000006,某村,低保,还是要低保,民政' > again.csv
t_ok "a repeat" xf-intake again.csv
t_ok "owed: not-again" xf-query --undelivered -f csv
t_grep "the repeat" "^20180110-0001,1,not-again,not issued,," "$OUT"
t_ok "not-again" sh -c "echo 20180110-0001 | xf-notice"
t_grep "not-again title" "^<h1>不再受理告知书</h1>$" "$OUT"
t_grep "the first item" "初件编号$F" "$OUT"
t_grep "Art. 36" "第三十六条" "$OUT"

# A batch of papers undone (xf-edit --undo-batch): its numbers and
# deliveries taken back; printed again, the same numbers.
N=$(t_sql "SELECT max(n) FROM batches")
t_eq "the not-again notice numbered" "$(t_sql "SELECT count(*) FROM documents WHERE batch = $N")" 1
t_ok "undone" xf-edit --undo-batch $N --reason 打印错误
t_eq "its number gone" "$(t_sql "SELECT count(*) FROM documents WHERE item = '20180110-0001'")" 0
t_eq "an undo event on the case" "$(t_sql "SELECT json_extract(details, '$.reason') FROM events WHERE item = '20180110-0001' AND action = 'undo'")" 打印错误
t_ok "printed again" sh -c "echo 20180110-0001 | xf-notice"
t_eq "numbered as before" "$(t_sql "SELECT count(*) FROM documents WHERE item = '20180110-0001' AND number = (SELECT number FROM documents WHERE item = '20180110-0001')")" 1
N=$(t_sql "SELECT max(n) FROM batches WHERE program = 'xf-notice' AND args LIKE '%delivered%'")
t_fail 1 "the last delivery: the review after it first" xf-edit --undo-batch $N --reason 送达日期错
# The batch after it, looked up: PostgreSQL numbers a batch rolled back too.
M=$(t_sql "SELECT min(n) FROM batches WHERE n > $N")
t_ok "the review undone" xf-edit --undo-batch $M --reason 送达日期错
t_ok "then the delivery" xf-edit --undo-batch $N --reason 送达日期错
t_eq "not delivered" "$(t_sql "SELECT IFNULL(delivered_at, 'none') FROM documents WHERE item = '$G' AND kind = 'opinion'")" none
t_eq "nor the reply" "$(t_sql "SELECT IFNULL(reply_delivered_at, 'none') FROM items WHERE id = '$G'")" none

# A voided case owes no papers.
t_ok "C voided" sh -c "echo $C | xf-edit --void --reason 误录"
t_ok "--owed" xf-notice --owed -f csv
t_nogrep "not C" "^$C," "$OUT"
t_ok "--undelivered" xf-query --undelivered -f csv
t_nogrep "not C" "^$C," "$OUT"

t_done
