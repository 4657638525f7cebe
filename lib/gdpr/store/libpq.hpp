// libpq, loaded when a PostgreSQL database is first used (the store, or a linked system of kind
// "postgresql"), not at start-up: it pulls in some twenty libraries (Kerberos, LDAP, SASL) that
// cost every SQLite command ~10 ms to map, and an installation that only uses SQLite does not need
// it at all.
#pragma once

#include <memory>

#include <libpq-fe.h>

namespace gdpr {

struct Libpq {
  decltype(&::PQclear) PQclear = nullptr;
  decltype(&::PQconsumeInput) PQconsumeInput = nullptr;
  decltype(&::PQfreemem) PQfreemem = nullptr;
  decltype(&::PQnotifies) PQnotifies = nullptr;
  decltype(&::PQsocket) PQsocket = nullptr;
  decltype(&::PQcmdTuples) PQcmdTuples = nullptr;
  decltype(&::PQconnectdb) PQconnectdb = nullptr;
  decltype(&::PQerrorMessage) PQerrorMessage = nullptr;
  decltype(&::PQexec) PQexec = nullptr;
  decltype(&::PQexecParams) PQexecParams = nullptr;
  decltype(&::PQexecPrepared) PQexecPrepared = nullptr;
  decltype(&::PQgetResult) PQgetResult = nullptr;
  decltype(&::PQputCopyData) PQputCopyData = nullptr;
  decltype(&::PQputCopyEnd) PQputCopyEnd = nullptr;
  decltype(&::PQgetCopyData) PQgetCopyData = nullptr;
  decltype(&::PQescapeLiteral) PQescapeLiteral = nullptr;
  decltype(&::PQgetCancel) PQgetCancel = nullptr;
  decltype(&::PQcancel) PQcancel = nullptr;
  decltype(&::PQfreeCancel) PQfreeCancel = nullptr;
  decltype(&::PQprepare) PQprepare = nullptr;
  decltype(&::PQfinish) PQfinish = nullptr;
  decltype(&::PQgetisnull) PQgetisnull = nullptr;
  decltype(&::PQgetlength) PQgetlength = nullptr;
  decltype(&::PQgetvalue) PQgetvalue = nullptr;
  decltype(&::PQntuples) PQntuples = nullptr;
  decltype(&::PQnfields) PQnfields = nullptr;
  decltype(&::PQresultErrorField) PQresultErrorField = nullptr;
  decltype(&::PQresultErrorMessage) PQresultErrorMessage = nullptr;
  decltype(&::PQresultStatus) PQresultStatus = nullptr;
  decltype(&::PQsetNoticeProcessor) PQsetNoticeProcessor = nullptr;
  decltype(&::PQstatus) PQstatus = nullptr;
  decltype(&::PQtransactionStatus) PQtransactionStatus = nullptr;
};

// The functions, loaded on first use; Error(config) naming the package when libpq is missing.
const Libpq& pq();

// A connection and a result that free themselves through the loaded libpq.
struct PqConnDeleter {
  void operator()(PGconn* c) const { pq().PQfinish(c); }
};
struct PqResultDeleter {
  void operator()(PGresult* r) const { pq().PQclear(r); }
};
struct PqMemoryDeleter {
  void operator()(char* p) const { pq().PQfreemem(p); }
};
using PqConnection = std::unique_ptr<PGconn, PqConnDeleter>;
using PqResult = std::unique_ptr<PGresult, PqResultDeleter>;
// What libpq allocated for the caller (a COPY row, a quoted literal).
using PqMemory = std::unique_ptr<char, PqMemoryDeleter>;

}  // namespace gdpr
