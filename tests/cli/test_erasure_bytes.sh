# After approval no property value of the contact can be found in the database files by a byte
# search: not in the main file, not in -wal or -shm, not in free pages, not in the search index, and not in the free texts
# of its requests (reasons, comments, approval comments, decision reasons: blanked out as
# [erased], compared ignoring case), nor in the audit trail.
source "$(dirname "$0")/common.sh"
gdpr init > /dev/null
# Another connection keeps the database open the whole time (as a second user's shell would), so
# no gdpr process is the last to close it: -wal and -shm stay, and the WAL keeps every old page.
mkfifo "$T/holder"
sqlite3 "$GDPR_DB" < "$T/holder" > "$T/holder.out" &
holder=$!
exec 3> "$T/holder"
echo "SELECT count(*) FROM contacts;" >&3
# Once it has answered it is idle, holding no snapshot: a holder still opening while an erasure
# checkpoints (a busy machine) would keep old pages in the WAL, which is not what is tested here.
for _ in $(seq 200); do [ -s "$T/holder.out" ] && break; sleep 0.1; done
[ -s "$T/holder.out" ] || fail "the second connection did not open"
# Distinctive values, several updates (old versions in the WAL), and a neighbour that stays.
gdpr contact add c-1 'name=Zacharias Quellmalz' email=zq-7731@example.org 'street=Xylophonweg 4711' > /dev/null
gdpr contact add c-1 'note=Kundennummer QXJ-99887766' > /dev/null
gdpr contact add c-1 'street=Xylophonweg 4712' > /dev/null
gdpr contact add c-2 'name=Berta Bleibt' email=berta@example.org > /dev/null
printf 'id;name;hobby\nc-3;Ottokar Ungewöhnlich;Yodelling-Quartz-42\n' > "$T/more.csv"
gdpr contact import "$T/more.csv" > /dev/null
secrets=("Zacharias Quellmalz" "zq-7731@example.org" "Xylophonweg 4711" "Xylophonweg 4712" "QXJ-99887766"
         "Ottokar Ungewöhnlich" "Yodelling-Quartz-42"
         # the words of the search index (contact find), folded
         "zacharias" "quellmalz" "xylophonweg" "ottokar" "ungewohnlich" "yodelling" "99887766")

found() { cat "$T"/gdpr.db* 2>/dev/null | grep -a -c -F -- "$1" || true; }
for s in "${secrets[@]}"; do [ "$(found "$s")" -gt 0 ] || fail "test setup: '$s' not in the files before erasure"; done
[ -s "$T/gdpr.db-wal" ] || fail "test setup: no -wal file while another connection is open"

# free texts that name the customer: warned about, kept until the erasure, then blanked out
expect_exit 0 --as alice request c-1 --reason "Zacharias Quellmalz wrote, then called back" --clarified --channel letter
expect_stderr "warning: the reason contains the value of property 'name' of contact 'c-1'; it will be blanked out as [erased]"
expect_exit 0 -q --as alice reject 1 --reason "ZACHARIAS QUELLMALZ withdrew by phone"
expect_stderr "warning: the reason contains the value of property 'name'"
gdpr --as alice request c-1 --reason "Customer asked in writing to erase all data" --clarified > /dev/null
expect_exit 0 -q --as bob review 2 --comment "Checked xylophonweg 4712 against the invoice of kundennummer qxj-99887766"
expect_stderr "warning: the comment contains the value of property 'street'"
gdpr --as alice request c-3 --reason "Customer asked in writing to erase all data" --clarified > /dev/null
gdpr --as bob approve 2 --yes --comment "ok, Zacharias Quellmalz confirmed" > /dev/null
gdpr --as carol approve 3 --yes > /dev/null
expect_exit 0 review 1 --format json
expect_json 'd["reason"] == "[erased] wrote, then called back" and d["decision_reason"] == "[erased] withdrew by phone"'
expect_exit 0 review 2 --format json
expect_json 'd["comments"][0]["text"] == "Checked [erased] against the invoice of [erased]" and d["approvals"][0]["comment"] == "ok, [erased] confirmed"'

ls "$T"/gdpr.db* > "$T/files"
for s in "${secrets[@]}"; do
  n=$(found "$s")
  [ "$n" = 0 ] || { cat "$T/files" >&2; fail "'$s' is still in the database files ($n hits)"; }
  ! strings -a "$T"/gdpr.db* | grep -q -i -F -- "$s" || fail "strings finds '$s'"
  n=$(cat "$T"/gdpr.db* | grep -a -c -i -F -- "$s" || true)
  [ "$n" = 0 ] || fail "'$s' is still in the database files in another case ($n hits)"
done
[ "$(found 'Berta Bleibt')" -gt 0 ] || fail "the neighbour contact was damaged"
expect_exit 0 contact show c-2 --format json
expect_json 'd["properties"]["name"] == "Berta Bleibt"'
# the audit trail holds no property value either
expect_exit 0 audit --format json
for s in "${secrets[@]}" "Berta Bleibt" "more.csv"; do ! grep -q -F -i -- "$s" "$T/out" || fail "audit holds '$s'"; done
expect_json '[e["details"]["sha256"] for e in d if e["action"] == "contact.imported"] == [__import__("hashlib").sha256(open("'"$T"'/more.csv", "rb").read()).hexdigest()]'

expect_exit 0 audit --verify
exec 3>&-
wait "$holder"
pass
