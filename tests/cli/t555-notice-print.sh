# stores: sqlite pg
# xf-notice: the office's own .docx template, its placeholders split
# across Word's runs (tests/data/notice-opinion.docx, made by LibreOffice:
# scripts/make-docx-fixture); the HTML printed to PDF by headless
# Chromium, its pages and its Chinese text (pdftotext).  What a test
# needs and the machine lacks is said, and the test skipped.
. "$TOP/tests/cli/lib.sh"

H=ref,received_at,channel,name,id_number,phone,address,title,content
printf '%s\n' "$H" \
    'N1,2017-11-01,visit,张三,110101199003071233,13800138000,大厂县某村1号,拖欠工资,请求支付工资' \
    'N2,2017-11-02,letter,李四,,13900000002,某镇某街,征地补偿,征地补偿不到位' \
    'N3,2017-11-03,letter,王五,,13900000003,某镇,离婚纠纷,要求改判' \
    > cases.csv
t_ok "register" xf-intake cases.csv
A=20171101-0001
B=20171102-0001
C=20171103-0001
for id in $A $B; do
	t_ok "assign $id" sh -c "echo $id | xf-assign --unit 县人社局 --date 2017-11-05"
	t_ok "reply to $id" sh -c "echo $id | xf-close --reply not-supported --date 2017-12-01"
done
mkdir tpl
cp "$DATA/notice-opinion.docx" tpl/opinion.docx
cp "$DATA/notice-unknown.docx" tpl/acceptance.docx
cat > office.conf <<EOF
office_name = 大厂回族自治县信访局
template_dir = tpl
EOF

# Usage and settings.
t_fail 2 "--docx without --doc or --dir" xf-notice --docx --config office.conf
t_grep "one kind" "^xf-notice: --docx: one .docx holds documents of one kind: give --doc, or --dir$" "$ERR"
t_fail 2 "--docx and --pdf" xf-notice --docx --pdf --doc opinion
t_fail 2 "--pdf with --owed" xf-notice --pdf --owed
t_fail 3 "--docx without template_dir" sh -c "echo $A | xf-notice --docx --doc opinion"
t_grep "no template_dir" "^xf-notice: --docx: no template_dir in the settings$" "$ERR"

# The .docx filled in, the split placeholders found.
t_ok "two opinions in one .docx" sh -c "printf '%s\n' $A $B | xf-notice --config office.conf --docx --doc opinion -o opinions.docx"
if command -v unzip > /dev/null; then
	unzip -p opinions.docx word/document.xml > doc.xml
	t_grep "the office" "<w:t>大厂回族自治县信访局</w:t>" doc.xml
	t_grep "the petitioner, split in four runs" "<w:t>张三</w:t></w:r><w:r><w:rPr></w:rPr><w:t></w:t></w:r>" doc.xml
	t_grep "the second" "<w:t>李四</w:t>" doc.xml
	t_grep "the number" "<w:t>信处字〔2018〕1号</w:t>" doc.xml
	t_grep "the number of the second" "<w:t>信处字〔2018〕2号</w:t>" doc.xml
	t_grep "the date in Chinese" "<w:t>二〇一八年一月十五日</w:t>" doc.xml
	t_grep "spaces in the braces" "<w:t xml:space=\"preserve\">$A</w:t>" doc.xml
	t_grep "the answer" "<w:t>不予支持</w:t>" doc.xml
	t_nogrep "no placeholder left" "\{\{|\}\}" doc.xml
	t_eq "a page break between" "$(grep -o '<w:br w:type="page"/>' doc.xml | wc -l)" 1
	t_eq "one section" "$(grep -o '<w:sectPr' doc.xml | wc -l)" 1
	t_eq "the other parts kept" "$(unzip -l opinions.docx | grep -c 'word/styles.xml')" 1
else
	echo "t555-notice-print: skipped the .docx's contents: no unzip"
fi
t_ok "a reprint, the same numbers" sh -c "echo $A | xf-notice --config office.conf --docx --doc opinion > again.docx"
t_eq "no new document" "$(t_sql "SELECT count(*) FROM documents WHERE kind = 'opinion'")" 2
t_fail 3 "an unknown placeholder, split" sh -c "echo $A | xf-notice --config office.conf --docx --doc acceptance"
t_grep "template, paragraph and name" "^xf-notice: tpl/acceptance.docx:5: unknown placeholder '处理结果'$" "$ERR"
t_eq "nothing issued" "$(t_sql "SELECT count(*) FROM documents WHERE kind = 'acceptance'")" 0
echo 'not a zip' > tpl/transfer.docx
t_fail 3 "not a .docx" sh -c "echo $A | xf-notice --config office.conf --docx --doc transfer"
t_grep "not a zip" "^xf-notice: tpl/transfer.docx: cannot open as a .docx \(a zip\)$" "$ERR"
t_fail 3 "a template missing" sh -c "echo $A | xf-notice --config office.conf --docx --doc review"
mkdir papers
t_ok "--docx --dir" sh -c "printf '%s\n' $A $B | xf-notice --config office.conf --docx --dir papers"
t_ok "a file per case" test -s papers/$A-opinion.docx -a -s papers/$B-opinion.docx
t_eq "private" "$(stat -c %a papers/$A-opinion.docx)" 600

# PDF through headless Chromium.
if ! command -v chromium > /dev/null && ! command -v chromium-browser > /dev/null; then
	echo "t555-notice-print: skipped the PDF tests: no chromium (Debian's chromium; scripts/setup installs it)"
elif ! command -v pdftotext > /dev/null || ! command -v pdfinfo > /dev/null; then
	echo "t555-notice-print: skipped the PDF tests: no pdftotext (Debian's poppler-utils)"
elif ! fc-list 2> /dev/null | grep -q 'CJK'; then
	echo "t555-notice-print: skipped the PDF tests: no CJK font (Debian's fonts-noto-cjk)"
else
	t_ok "--pdf" sh -c "printf '%s\n' $A $B | xf-notice --doc opinion --pdf -o opinions.pdf"
	t_eq "a PDF" "$(head -c 5 opinions.pdf)" "%PDF-"
	t_eq "a page a case" "$(pdfinfo opinions.pdf | sed -n 's/^Pages: *//p')" 2
	t_grep "A4" "^Page size: +59[45].* x 841.* pts \(A4\)" "$(pdfinfo opinions.pdf > info.txt; echo info.txt)"
	pdftotext opinions.pdf text.txt
	t_grep "the Chinese text" "信访事项处理意见书" text.txt
	t_grep "the petitioner" "张三" text.txt
	t_grep "the second" "李四" text.txt
	t_ok "--pdf --dir" sh -c "echo $A | xf-notice --doc receipt --pdf --dir papers"
	t_eq "its page" "$(pdfinfo papers/$A-receipt.pdf | sed -n 's/^Pages: *//p')" 1
	t_eq "private" "$(stat -c %a papers/$A-receipt.pdf)" 600
	t_eq "no temporary file left" "$(ls -A papers | wc -l)" 3
	t_fail 1 "no Chromium" sh -c "echo $A | XF_CHROMIUM=/nonexistent xf-notice --doc opinion --pdf -o x.pdf"
	t_grep "said" "^xf-notice: --pdf: /nonexistent did not print " "$ERR"
	t_ok "nothing left" test ! -e x.pdf
fi

t_done
