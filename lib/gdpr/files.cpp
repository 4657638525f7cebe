#include "gdpr/files.hpp"

#include <cerrno>
#include <filesystem>
#include <vector>

#include <fcntl.h>
#include <grp.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include "gdpr/crypto.hpp"
#include "gdpr/error.hpp"
#include "gdpr/i18n.hpp"
#include "gdpr/text.hpp"

namespace gdpr::files {

namespace {

namespace fs = std::filesystem;

constexpr unsigned k_permission_bits = 07777;

// Closes a file descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  [[nodiscard]] int get() const { return fd_; }
  // Closes now and reports whether close succeeded (a delayed write error shows up here).
  bool close() {
    const int fd = fd_;
    fd_ = -1;
    return ::close(fd) == 0;
  }

 private:
  int fd_;
};

std::string user_name(uid_t uid) {
  std::vector<char> buffer(16384);
  struct passwd pw {};
  struct passwd* found = nullptr;
  if (::getpwuid_r(uid, &pw, buffer.data(), buffer.size(), &found) == 0 && found != nullptr) return pw.pw_name;
  return std::to_string(uid);
}

std::string group_name(gid_t gid) {
  std::vector<char> buffer(16384);
  struct group gr {};
  struct group* found = nullptr;
  if (::getgrgid_r(gid, &gr, buffer.data(), buffer.size(), &found) == 0 && found != nullptr) return gr.gr_name;
  return std::to_string(gid);
}

std::string me() { return user_name(::geteuid()); }

unsigned mode_of(const struct stat& st) { return static_cast<unsigned>(st.st_mode) & k_permission_bits; }

// The error for a file at `path` that `gdpr init` must not take over.
Error not_adopted(const std::string& path, const struct stat& st) {
  return Error(ErrorKind::config,
               trf("{} exists and belongs to {} (group {}, mode {:04o}), not to you ({}); gdpr init only takes "
                   "over a database you own: if it is your team's database, ask {} to run `gdpr init`; if you "
                   "did not expect it, remove it (somebody may have planted it) and run `gdpr init` again",
                   path, user_name(st.st_uid), group_name(st.st_gid), mode_of(st), me(),
                   user_name(st.st_uid)));
}

// The first folder on the way to `path` that this user may not enter, or "".
std::string first_closed_folder(const std::string& path) {
  const fs::path absolute = fs::absolute(fs::path(path)).lexically_normal();
  fs::path at = absolute.root_path();
  for (const auto& part : absolute.parent_path().relative_path()) {
    at /= part;
    if (::access(at.c_str(), X_OK) != 0 && errno == EACCES) return at.string();
  }
  return {};
}

[[noreturn]] void folder_denied(const std::string& path, const std::string& folder) {
  struct stat st {};
  if (::stat(folder.c_str(), &st) != 0) {
    throw Error(ErrorKind::config, trf("permission denied: you ({}) may not enter the folder {} that holds {}", me(),
                                       folder, path));
  }
  throw Error(ErrorKind::config,
              trf("permission denied: you ({}) may not enter the folder {} (owner {}, group {}, mode {:04o}) that "
                  "holds {}; ask an admin to add you to the group {} (then log in again)",
                  me(), folder, user_name(st.st_uid), group_name(st.st_gid), mode_of(st),
                  path, group_name(st.st_gid)));
}

void check_foreign_companions(const std::string& path) {
  for (const char* suffix : {"-wal", "-shm", "-journal"}) {
    const std::string companion = path + suffix;
    struct stat st {};
    if (::lstat(companion.c_str(), &st) != 0) continue;
    if (S_ISLNK(st.st_mode) || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid()) throw not_adopted(companion, st);
  }
}

}  // namespace

void forbid_core_dumps() {
  const struct rlimit none {0, 0};
  if (::setrlimit(RLIMIT_CORE, &none) != 0 || ::prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) != 0) {
    throw Error(ErrorKind::internal, trf("cannot switch off core dumps: {}", errno_message(errno)));
  }
}

void write_file_exclusively(const std::string& path, std::string_view text, unsigned mode) {
  const fs::path target(path);
  const fs::path folder = target.has_parent_path() ? target.parent_path() : fs::path(".");
  auto failed = [&](int err) {
    return Error(ErrorKind::usage, trf("cannot write {}: {}", path, errno_message(err)));
  };
  std::string tmp;
  int raw = -1;
  // A random name, created only if nobody has a file of that name: a file or symlink somebody
  // prepared there is never opened, let alone written through.
  for (int attempt = 0; attempt < 16 && raw < 0; ++attempt) {
    tmp = (folder / ("." + target.filename().string() + ".tmp-" + crypto::random_hex(8))).string();
    raw = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode & 0777U);
    if (raw < 0 && errno != EEXIST) throw failed(errno);
  }
  if (raw < 0) throw failed(EEXIST);
  Fd fd(raw);
  int err = 0;
  if (::fchmod(fd.get(), mode & 0777U) != 0) err = errno;  // the umask must not change the mode
  for (std::size_t done = 0; err == 0 && done < text.size();) {
    const ssize_t n = ::write(fd.get(), text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      err = n < 0 ? errno : EIO;
      break;
    }
    done += static_cast<std::size_t>(n);
  }
  if (err == 0 && ::fsync(fd.get()) != 0) err = errno;
  if (!fd.close() && err == 0) err = errno;
  if (err == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) err = errno;
  if (err != 0) {
    ::unlink(tmp.c_str());
    throw failed(err);
  }
}

InitTarget check_init_target(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) {
    const int err = errno;
    if (err == EACCES) {
      const std::string folder = first_closed_folder(path);
      if (!folder.empty()) folder_denied(path, folder);
    }
    if (err != ENOENT) {
      throw Error(ErrorKind::config, trf("cannot use {}: {}", path, errno_message(err)));
    }
    check_foreign_companions(path);
    return InitTarget::absent;
  }
  if (S_ISLNK(st.st_mode)) {
    std::error_code ec;
    const fs::path to = fs::read_symlink(path, ec);
    throw Error(ErrorKind::config,
                trf("{} is a symbolic link (to {}); gdpr init does not follow links: pass the real path with --db, "
                    "or remove the link",
                    path, to.string()));
  }
  if (!S_ISREG(st.st_mode)) {
    throw Error(ErrorKind::config,
                trf("{} exists and is not a regular file; choose another path for the database", path));
  }
  if (st.st_uid != ::geteuid()) throw not_adopted(path, st);
  if ((st.st_mode & S_IWOTH) != 0) {
    throw Error(ErrorKind::config,
                trf("{} is writable by every user (mode {:04o}), so anybody may have changed it; check it, then "
                    "`chmod o-w {}` (or remove it) and run `gdpr init` again",
                    path, mode_of(st), path));
  }
  check_foreign_companions(path);
  return st.st_size == 0 ? InitTarget::empty_own_file : InitTarget::own_file;
}

bool check_database_access(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == EACCES) {
      const std::string folder = first_closed_folder(path);
      if (!folder.empty()) folder_denied(path, folder);
    }
    return false;
  }
  if (::faccessat(AT_FDCWD, path.c_str(), R_OK, AT_EACCESS) == 0 || (errno != EACCES && errno != EPERM)) return true;
  const std::string owner = user_name(st.st_uid);
  const std::string group = group_name(st.st_gid);
  if ((st.st_mode & S_IRGRP) != 0) {
    throw Error(ErrorKind::config,
                trf("permission denied: you ({}) may not read the database {} (owner {}, group {}, mode {:04o}); "
                    "ask an admin to add you to the group {} (`usermod -aG {} {}`, then log in again)",
                    me(), path, owner, group, mode_of(st), group, group, me()));
  }
  throw Error(ErrorKind::config,
              trf("permission denied: you ({}) may not read the database {} (owner {}, group {}, mode {:04o}): it "
                  "is private to {}; for a team, {} gives it to the team's group (`chgrp TEAM {}` and `chmod 0660` "
                  "it, file_mode = \"0660\" in the configuration)",
                  me(), path, owner, group, mode_of(st), owner, owner, path));
}

void align_companion_files(const std::string& db_path) {
  struct stat db {};
  if (::stat(db_path.c_str(), &db) != 0) return;
  for (const char* suffix : {"-wal", "-shm"}) {
    const std::string companion = db_path + suffix;
    // By path, never through an open() and close() of our own: closing any descriptor of a file
    // drops every POSIX lock this process holds on it, SQLite's locks on the -shm included.
    struct stat st {};
    if (::lstat(companion.c_str(), &st) != 0 || !S_ISREG(st.st_mode) || st.st_uid != ::geteuid()) continue;
    // A group this user is not in is refused by the kernel (EPERM) and then left as it is.
    if (st.st_gid != db.st_gid) (void)::lchown(companion.c_str(), static_cast<uid_t>(-1), db.st_gid);
    if (mode_of(st) != (mode_of(db) & 0777U)) (void)::chmod(companion.c_str(), mode_of(db) & 0777U);
  }
}

bool companion_files_of_others(const std::string& db_path) {
  for (const char* suffix : {"-wal", "-shm"}) {
    struct stat st {};
    const std::string companion = db_path + suffix;
    if (::lstat(companion.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_uid != ::geteuid()) return true;
  }
  return false;
}

}  // namespace gdpr::files
