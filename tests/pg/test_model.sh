# The model-based workflow test (tests/unit/workflow/test_model_sequences.cpp) on PostgreSQL: random sequences of
# commands by random actors, each through its own connection under its own database role, with
# failing linked systems and crashes in the middle of erasures, checked against the reference
# model; after every sequence no value of an erased contact is left in the gdpr database's table
# files (after the owner's VACUUM FULL). GDPR_MODEL_SEEDS as for the unit test (default 40).
source "$(dirname "$0")/common.sh"

unit_tests=${GDPR_BUILD_DIR:?GDPR_BUILD_DIR must name the build folder}/tests/unit_tests
[ -x "$unit_tests" ] || fail "no unit test binary at $unit_tests"
pg_setup_team
psql_as postgres -c "CREATE ROLE eve LOGIN"
pg_expect 0 gdpr_owner role grant reviewer dave
pg_expect 0 gdpr_owner role grant requester eve
oid=$(psql_as postgres -c "SELECT oid FROM pg_database WHERE datname = 'gdpr'")
GDPR_TEST_PG_HOST=$PG_DIR GDPR_TEST_PG_DBDIR=$PG_DIR/data/base/$oid \
  "$unit_tests" --test-case="the same random workflows on PostgreSQL*" --no-intro --no-version > "$T/out" 2> "$T/err" ||
  fail "the model test failed on PostgreSQL"
grep -q "model on PostgreSQL: " "$T/out" || fail "the model test did not run"
grep "model on PostgreSQL: " "$T/out"
pass
