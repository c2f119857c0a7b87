#ifndef REPLAY_CLIBPQ_SHIM_H
#define REPLAY_CLIBPQ_SHIM_H
// PostgreSQL's own client library (Debian's libpq-dev): `replay scenario import postgres://…`.
#include <libpq-fe.h>
#endif
