/*
 * The live explorer: a local web page with switches and sliders for the main
 * levers of the model, which runs a small population in the process and shows
 * the monthly curves of the baseline beside the changed world, the headline
 * numbers and one person's two lives.
 *
 * Every lever is a registry parameter, set with the same `--set` parsing and range
 * checks as the command line. Runs are bounded (people, months, runs at once,
 * request size); the baseline and the changed world share their seed (common
 * random numbers), and finished runs are kept in a small cache, so moving a slider
 * runs only the changed world. Nothing is written to disk.
 */
#ifndef REINTEGRA_EXPLORE_H
#define REINTEGRA_EXPLORE_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "params.h"

/* ---- Levers ---- */

typedef struct rg_lever {
    const char *name;      /* its name in requests, e.g. "ban_the_box_coverage" */
    const char *param;     /* the registry parameter it sets */
    const char *section;   /* heading on the page */
    const char *label;     /* what the page calls it */
    const char *needs;     /* the switch lever that turns it on (NULL: always active) */
    double min, max, step; /* sliders: the explorer's range, inside the registry's;
                              min = max = 0: the registry's range */
} rg_lever;

/* The levers, in the order the page shows them. */
const rg_lever *rg_explore_levers(size_t *count);
const rg_lever *rg_explore_lever_find(const char *name);
/* Check the table against the registry: each parameter exists, each slider's range
 * lies inside the registry's, each `needs` names a switch. */
rg_status rg_explore_levers_check(rg_error *err);

/* ---- The explorer: requests in, responses out ---- */

typedef struct rg_explore_limits {
    long long min_agents, max_agents, default_agents; /* people */
    long long min_months, max_months, default_months;
    int max_runs;    /* simulations at once; further requests get 503 */
    int cache_runs;  /* finished runs kept for reuse */
    size_t max_body; /* bytes of a request body */
    int threads;     /* OpenMP threads per run (0: OpenMP's default; default 1) */
} rg_explore_limits;

void rg_explore_limits_default(rg_explore_limits *l);

typedef struct rg_explore rg_explore;

/* An explorer over the scenario `base` (already loaded); `scenario` names it in the
 * `reintegra run` command that reproduces each answer (its file, and any --set
 * options). `log`: one line per simulation request, or NULL. */
rg_status rg_explore_create(rg_explore **ex, const rg_params *base, const char *scenario,
                            const rg_explore_limits *limits, FILE *log, rg_error *err);
void rg_explore_free(rg_explore *ex);
const rg_explore_limits *rg_explore_get_limits(const rg_explore *ex);

typedef struct rg_explore_response {
    int status; /* HTTP status */
    const char *content_type;
    const char *allow; /* 405: the methods allowed, else NULL */
    const char *body;
    size_t len;
    char *owned; /* the body when it was allocated (freed by _free) */
} rg_explore_response;

/* Answer one request (thread-safe):
 *   GET  /, /explore.js, /explore.css   the page (embedded in the program)
 *   GET  /api/levers                    levers, their ranges and current values (JSON)
 *   POST /api/run                       run the baseline and the changed world (JSON)
 * Anything else, and any bad request, gets a 4xx with {"error": "..."}; 503 when
 * max_runs simulations are already running. HEAD is answered as GET. */
void rg_explore_handle(rg_explore *ex, const char *method, const char *path, const char *body,
                       size_t len, rg_explore_response *r);
void rg_explore_response_free(rg_explore_response *r);

/* Write `s` as a JSON string literal (quotes included): ", \ and control
 * characters escaped, <, > and & as \u escapes, bytes beyond ASCII as '?'. */
void rg_json_string(FILE *f, const char *s);

/* ---- The HTTP server (libmicrohttpd) ---- */

/* Was the program built with the server? */
int rg_explore_server_available(void);

typedef struct rg_explore_server rg_explore_server;

/* Serve `ex` on `listen` ("ADDR:PORT", "[ADDR6]:PORT"; port 0: any free port).
 * Connections time out after `timeout_s` seconds of silence; at most
 * `max_connections` at once. Requests run on the server's threads. */
rg_status rg_explore_server_start(rg_explore_server **s, rg_explore *ex, const char *listen,
                                  int timeout_s, int max_connections, rg_error *err);
/* The port it listens on. */
int rg_explore_server_port(const rg_explore_server *s);
void rg_explore_server_stop(rg_explore_server *s);

#endif
