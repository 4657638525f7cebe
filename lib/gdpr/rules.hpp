// The rules of the four-eyes workflow as pure functions: no storage, no clock, no I/O
// (lib/gdpr/rules/). The workflow asks them before every change, so a rule holds no matter which
// front end asks; docs/workflow.md lists every refusal with its function.
#pragma once

#include "gdpr/rules/contacts.hpp"
#include "gdpr/rules/people.hpp"
#include "gdpr/rules/requests.hpp"
#include "gdpr/rules/texts.hpp"
