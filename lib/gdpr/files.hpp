// The files gdpr creates and opens are its own (SPEC §9): a database path that somebody else
// prepared is refused, output goes through an exclusively created temporary file, the database's
// -wal and -shm files get the database file's group and mode whoever creates them, a process cannot
// leave a core dump, and a file the user may not read is reported as such.
#pragma once

#include <string>
#include <string_view>

namespace gdpr::files {

// Makes a core dump of this process impossible (RLIMIT_CORE 0, not dumpable): it may hold personal data.
void forbid_core_dumps();

// Writes `text` to `path`: into a temporary file in the same folder created with O_EXCL and
// O_NOFOLLOW under a random name and mode `mode`, then renamed over `path` (a symlink at `path`
// is replaced, never followed). Error(config) naming the path if that fails.
void write_file_exclusively(const std::string& path, std::string_view text, unsigned mode);

// What `gdpr init` finds at a database path.
enum class InitTarget { absent, empty_own_file, own_file };

// Refuses with Error(config) a path `gdpr init` must not adopt: a symlink, not a regular file,
// a file (or its -wal, -shm, -journal) owned by another user or writable by every user.
[[nodiscard]] InitTarget check_init_target(const std::string& path);

// Throws Error(config) "permission denied" naming the owner and group of `path` (or of the folder
// that may not be entered) and the group to join, when this user may not read it. Returns false
// when `path` does not exist, true when it may be opened (a file this user may read but not write
// is left to SQLite, which opens it read-only and refuses writes with its own clear error).
bool check_database_access(const std::string& path);

// Gives the -wal and -shm files of `db_path` that this user owns the database file's group and
// permission bits (SQLite creates them with the creator's primary group: team members whose
// primary groups differ could then not open them).
void align_companion_files(const std::string& db_path);

// True when a -wal or -shm file of `db_path` belongs to another user: its creator aligns it a
// moment after creating it (and may have done so just after our open failed on it), so an open
// that failed is worth trying again.
[[nodiscard]] bool companion_files_of_others(const std::string& db_path);

}  // namespace gdpr::files
