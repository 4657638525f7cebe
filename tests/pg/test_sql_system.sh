# A linked system of kind "postgresql" (SPEC §11), a shop database on the tests' private cluster
# (gdpr itself on its SQLite file): hold and erase by statements whose values libpq binds (an
# e-mail written differently still matches through lower()), a statement the role may not run is a
# failed step with its SQLSTATE (exit 7; the trail keeps the code, never the server's message), a
# server that cannot be reached likewise, and retry finishes once the policy is fixed.
source "$(dirname "$0")/common.sh"
psql -h "$PG_DIR" -U postgres -d postgres -v ON_ERROR_STOP=1 -qAtX > /dev/null <<SQL
CREATE ROLE shopkeeper LOGIN;
CREATE DATABASE shop OWNER shopkeeper ENCODING 'UTF8';
SQL
PGDATABASE_OVERRIDE=shop psql_as shopkeeper > /dev/null <<'SQL'
CREATE TABLE customers (id text PRIMARY KEY, active boolean NOT NULL DEFAULT true, email text NOT NULL);
INSERT INTO customers (id, email) VALUES ('S-1', 'Max.Mueller@Example.com'), ('S-2', 'erika@example.com'),
                                         ('S-3', 'anna@example.at'), ('S-4', '');
SQL
shop() { PGDATABASE_OVERRIDE=shop psql_as shopkeeper -c "SELECT string_agg(id || '=' || active, ';' ORDER BY id) FROM customers"; }
# shop_system ROLE ERASE [HOST]: the configuration with the shop as ROLE
shop_system() {
  write_config "" "
[[systems]]
name = \"shop\"
kind = \"postgresql\"
database = \"postgresql:///shop?host=${3:-$PG_DIR}&user=$1\"
hold = \"UPDATE customers SET active = false WHERE lower(email) = :email\"
erase = \"$2\"
timeout_seconds = 10"
}
shop_system shopkeeper "DELETE FROM customers WHERE lower(email) = :email"
export GDPR_DB="$T/gdpr.db"
gdpr init > /dev/null
gdpr contact add K-1 "name=Max Müller" email=max.mueller@example.com > /dev/null
gdpr contact add K-2 "name=Erika Schön" email=erika@example.com > /dev/null
gdpr contact add K-3 "name=Anna Weiß" "email=anna@example.at" > /dev/null

expect_exit 0 --as alice request K-1 --reason "Customer asked in writing" --clarified
[ "$(shop)" = "S-1=false;S-2=true;S-3=true;S-4=true" ] || fail "hold: $(shop)"
expect_exit 0 --as bob approve 1 --yes
expect_stdout "erased here and in shop"
[ "$(shop)" = "S-2=true;S-3=true;S-4=true" ] || fail "erase: $(shop)"

# a role that may not delete: SQLSTATE 42501, exit 7, the code in the trail, no message there
PGDATABASE_OVERRIDE=shop psql_as shopkeeper -c "GRANT CONNECT ON DATABASE shop TO mallory; GRANT SELECT, UPDATE ON customers TO mallory" > /dev/null
shop_system mallory "DELETE FROM customers WHERE lower(email) = :email"
expect_exit 0 policy apply "$GDPR_CONFIG" --yes
expect_exit 0 --as alice request K-2 --reason "Customer asked in writing" --clarified
[ "$(shop)" = "S-2=false;S-3=true;S-4=true" ] || fail "hold as mallory: $(shop)"
expect_exit 7 --as bob approve 2 --yes
expect_stderr "shop erase: failed with SQLSTATE 42501: permission denied for table customers"
expect_exit 0 audit --action step.failed --format json
expect_json 'd[-1]["details"]["outcome"] == "failed with SQLSTATE 42501"'
! grep -q "permission denied" "$GDPR_DB"* || fail "the server's message was stored"
shop_system shopkeeper "DELETE FROM customers WHERE lower(email) = :email"
expect_exit 0 policy apply "$GDPR_CONFIG" --yes
expect_exit 0 --as carol retry 2
expect_stdout "Request 2: erased"
[ "$(shop)" = "S-3=true;S-4=true" ] || fail "retry: $(shop)"

# a contact without e-mail: :email is NULL and matches nothing (not the customer with an empty one)
gdpr contact add K-4 "name=Ohne Mail" > /dev/null
expect_exit 0 --as alice request K-4 --reason "Customer asked in writing" --clarified
expect_exit 0 --as bob approve 3 --yes
[ "$(shop)" = "S-3=true;S-4=true" ] || fail "an empty e-mail matched: $(shop)"

# a server that cannot be reached: a failed step too, naming the system
shop_system shopkeeper "DELETE FROM customers WHERE lower(email) = :email" "$T/no-server"
expect_exit 0 policy apply "$GDPR_CONFIG" --yes
expect_exit 7 --as alice request K-3 --reason "Customer asked in writing" --clarified
expect_stderr "shop hold: failed with connection"

# the probe (SPEC §13): a verify statement that counts; an erase that only updates is found out
# (exit 7, the request stays approved), and retry erases and asks again once the policy is fixed
shop_probe() {  # shop_probe ERASE
  write_config "" "
[[systems]]
name = \"shop\"
kind = \"postgresql\"
database = \"postgresql:///shop?host=$PG_DIR&user=shopkeeper\"
hold = \"UPDATE customers SET active = false WHERE lower(email) = :email\"
erase = \"$1\"
verify = \"SELECT count(*) FROM customers WHERE lower(email) = :email\"
verify_seconds = 0
list = \"SELECT id, email FROM customers ORDER BY id\"
timeout_seconds = 10"
}
shop_probe "UPDATE customers SET active = false WHERE lower(email) = :email"
expect_exit 0 policy apply "$GDPR_CONFIG" --yes
expect_exit 0 --as carol retry 4
expect_exit 7 --as bob approve 4 --yes
expect_stderr "shop verify: the contact is still there after erase"
expect_exit 0 review 4 --format json
expect_json 'd["state"] == "approved"'
shop_probe "DELETE FROM customers WHERE lower(email) = :email"
expect_exit 0 policy apply "$GDPR_CONFIG" --yes
expect_exit 0 --as carol retry 4
[ "$(shop)" = "S-4=true" ] || fail "retry after the probe: $(shop)"
expect_exit 0 review 4 --format json
expect_json 'd["state"] == "erased" and [(p["system"], p["verified"]) for p in d["proof"]] == [("shop", "gone")]'

# the watch lists the shop's customers through the list statement: Max is back, written differently
PGDATABASE_OVERRIDE=shop psql_as shopkeeper -c "INSERT INTO customers (id, email) VALUES ('S-9', ' MAX.Mueller@example.com ')" > /dev/null
expect_exit 3 watch
expect_stdout "shop: record S-9 is contact K-1, erased by request 1 on"
! grep -q -i "mueller" "$T/out" "$T/err" || fail "the watch printed the e-mail"
PGDATABASE_OVERRIDE=shop psql_as shopkeeper -c "DELETE FROM customers WHERE id = 'S-9'" > /dev/null
expect_exit 0 watch
expect_exit 0 audit --verify
pass
