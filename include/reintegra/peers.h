/*
 * Peers: a small social network among the people simulated, mostly within
 * neighbourhoods. Ties to people recently arrested raise the risk of offending
 * (arrests spread through networks: Lum, Corsaro & Engel 2014, "the contagious
 * nature of imprisonment"); ties to people in work lower it.
 */
#ifndef REINTEGRA_PEERS_H
#define REINTEGRA_PEERS_H

#include <stdint.h>

#include "registry.h"

enum { RG_MAX_TIES = 4 };

#define RG_PEERS_PARAMS(X, g)                                                                      \
    X(g, INT, ties, 4, 0, 4, "ties", "ties per person to other people simulated", "assumed")       \
    X(g, REAL, local_share, 0.8, 0, 1, "share", "share of ties within the neighbourhood",          \
      "assumed")                                                                                   \
    X(g, INT, window_months, 12, 1, 120, "months",                                                 \
      "a peer arrested within this many months counts as recently arrested", "assumed")

RG_PARAM_STRUCT(rg_params_peers, RG_PEERS_PARAMS);

#define RG_PEERS_FIELDS(X, m)                                                                      \
    X(m, uint32_t, peer0, U32, 0, "id", "first tie (id; self when unused)")                        \
    X(m, uint32_t, peer1, U32, 0, "id", "second tie")                                              \
    X(m, uint32_t, peer2, U32, 0, "id", "third tie")                                               \
    X(m, uint32_t, peer3, U32, 0, "id", "fourth tie")                                              \
    X(m, float, peer_arrested, F32, RG_F_TRAJ, "share", "share of ties arrested recently")         \
    X(m, float, peer_working, F32, 0, "share", "share of ties in work")

RG_COLUMN_STRUCT(rg_cols_peers, RG_PEERS_FIELDS);

struct rg_module;
extern const struct rg_module rg_peers_module;

#endif
