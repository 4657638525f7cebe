# libcrypto and libpq are loaded when a command first needs them instead of being linked: every
# command starts faster (docs/performance.md), and a missing or broken library gives a clear
# error naming the Debian package, with nothing changed.
source "$(dirname "$0")/common.sh"
needed=$(readelf -d "$GDPR_BIN" | grep NEEDED)
echo "$needed" | grep -q libssl3 && fail "the check below would not see libcrypto"
echo "$needed" | grep -q libcrypto && fail "gdpr links libcrypto at start-up: $needed"
echo "$needed" | grep -q libpq && fail "gdpr links libpq at start-up: $needed"
echo "$needed" | grep -q libsqlite3 || fail "readelf shows no NEEDED entries: $needed"

# hashing works: init draws the secret, every write appends a hashed audit event
expect_exit 0 init
expect_exit 0 --as alice contact add c-1 "E-Mail=a@example.com"
expect_exit 0 audit --verify
expect_stdout "Audit chain OK"
snapshot

# a libcrypto.so.3 without OpenSSL's functions in front of the real one
mkdir -p "$T/lib"
echo 'int gdpr_test_not_openssl;' > "$T/empty.c"
cc -shared -fPIC -o "$T/lib/libcrypto.so.3" "$T/empty.c" || fail "cannot build the stand-in library"
LD_LIBRARY_PATH="$T/lib" expect_exit 9 --as alice contact add c-2 "E-Mail=b@example.com"
expect_stderr "libcrypto.so.3 lacks EVP_MD_fetch; install a newer libssl3"
expect_unchanged
LD_LIBRARY_PATH="$T/lib" expect_exit 9 audit --verify
expect_stderr "libcrypto.so.3 lacks EVP_MD_fetch"
# commands that hash nothing do not need it
LD_LIBRARY_PATH="$T/lib" expect_exit 0 contact list
expect_stdout "c-1"
LD_LIBRARY_PATH="$T/lib" expect_exit 0 --version
expect_unchanged
pass
