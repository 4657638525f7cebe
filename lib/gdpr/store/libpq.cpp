#include "gdpr/store/libpq.hpp"

#include "gdpr/dynlib.hpp"

namespace gdpr {

const Libpq& pq() {
  static const Libpq lib = [] {
    const DynamicLibrary libpq("libpq.so.5", "libpq5", "PostgreSQL");
    Libpq l;
    libpq.load(l.PQclear, "PQclear");
    libpq.load(l.PQconsumeInput, "PQconsumeInput");
    libpq.load(l.PQfreemem, "PQfreemem");
    libpq.load(l.PQnotifies, "PQnotifies");
    libpq.load(l.PQsocket, "PQsocket");
    libpq.load(l.PQcmdTuples, "PQcmdTuples");
    libpq.load(l.PQconnectdb, "PQconnectdb");
    libpq.load(l.PQerrorMessage, "PQerrorMessage");
    libpq.load(l.PQexec, "PQexec");
    libpq.load(l.PQexecParams, "PQexecParams");
    libpq.load(l.PQexecPrepared, "PQexecPrepared");
    libpq.load(l.PQgetResult, "PQgetResult");
    libpq.load(l.PQputCopyData, "PQputCopyData");
    libpq.load(l.PQputCopyEnd, "PQputCopyEnd");
    libpq.load(l.PQgetCopyData, "PQgetCopyData");
    libpq.load(l.PQescapeLiteral, "PQescapeLiteral");
    libpq.load(l.PQgetCancel, "PQgetCancel");
    libpq.load(l.PQcancel, "PQcancel");
    libpq.load(l.PQfreeCancel, "PQfreeCancel");
    libpq.load(l.PQprepare, "PQprepare");
    libpq.load(l.PQfinish, "PQfinish");
    libpq.load(l.PQgetisnull, "PQgetisnull");
    libpq.load(l.PQgetlength, "PQgetlength");
    libpq.load(l.PQgetvalue, "PQgetvalue");
    libpq.load(l.PQntuples, "PQntuples");
    libpq.load(l.PQnfields, "PQnfields");
    libpq.load(l.PQresultErrorField, "PQresultErrorField");
    libpq.load(l.PQresultErrorMessage, "PQresultErrorMessage");
    libpq.load(l.PQresultStatus, "PQresultStatus");
    libpq.load(l.PQsetNoticeProcessor, "PQsetNoticeProcessor");
    libpq.load(l.PQstatus, "PQstatus");
    libpq.load(l.PQtransactionStatus, "PQtransactionStatus");
    return l;
  }();
  return lib;
}

}  // namespace gdpr
