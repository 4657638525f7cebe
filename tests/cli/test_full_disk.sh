# A full disk (issue #7): on a small tmpfs that is full, import, request and approve fail with a
# clear message and exit 9, the database is unchanged and intact, and the same command works once
# space is freed. Needs root (or sudo) to mount the tmpfs; skipped loudly (exit 77) otherwise.
source "$(dirname "$0")/common.sh"
mnt="$T/small"
mkdir "$mnt"
sudo=()
[ "$(id -u)" -eq 0 ] || sudo=(sudo -n)
if ! "${sudo[@]}" mount -t tmpfs -o size=4m,mode=1777 tmpfs "$mnt" 2> "$T/mount.err"; then
  echo "SKIPPED: cannot mount a tmpfs here ($(cat "$T/mount.err")); the full-disk test needs root or sudo" >&2
  exit 77
fi
trap '"${sudo[@]}" umount "$mnt" 2>/dev/null || true; rm -rf "$T"' EXIT
export GDPR_DB="$mnt/gdpr.db"
setup_contact c-1
gdpr --as alice request c-1 --reason "Customer asked in writing to erase all data" --clarified -q > /dev/null
python3 -c "
print('id,name,note')
for i in range(3000): print(f'k{i},Name {i},' + 'x' * 200)" > "$T/big.csv"
snapshot
dd if=/dev/zero of="$mnt/filler" bs=4k 2> /dev/null || true
[ "$(df --output=avail "$mnt" | tail -1 | tr -d ' ')" = 0 ] || fail "the tmpfs is not full"

expect_exit 9 contact import "$T/big.csv"
expect_stderr "the disk holding $GDPR_DB is full"
expect_stderr "nothing was changed: free some space and run the command again"
expect_exit 9 contact add c-2 name=Erika
expect_stderr "is full"
expect_exit 9 --as bob approve 1 --yes
expect_stderr "is full"

# room for the start of the import but not its end: the disk fills up mid-transaction
rm "$mnt/filler"
avail=$(df --output=avail -k "$mnt" | tail -1 | tr -d ' ')
dd if=/dev/zero of="$mnt/filler" bs=1k count=$((avail - 300)) 2> /dev/null
expect_exit 9 contact import "$T/big.csv"
expect_stderr "the disk holding $GDPR_DB is full"
expect_unchanged

rm "$mnt/filler"
expect_unchanged
[ "$(sqlite3 "$GDPR_DB" 'PRAGMA integrity_check')" = ok ] || fail "integrity_check failed after the full disk"
expect_exit 0 audit --verify
expect_exit 0 contact import "$T/big.csv"
expect_stdout "3000"
expect_exit 0 --as bob approve 1 --yes
expect_exit 0 contact show c-1 --format json
expect_json 'd["status"] == "erased"'
pass
