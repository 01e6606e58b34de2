/* A block of a stream taken directly (rg_rng_block) holds the outputs the stream
 * gives in turn, and rg_u01_of makes of two outputs the uniform rg_rng_u01 makes:
 * bit for bit, for several positions, blocks and seeds, without moving the stream. */
#include <string.h>

#include "../check.h"
#include "reintegra/rng.h"

int main(void)
{
    const uint64_t seeds[] = {0, 1, 0xfedcba9876543210ULL};
    const uint64_t entities[] = {0, 12345, 0xfffffffffULL};
    for (size_t s = 0; s < sizeof seeds / sizeof seeds[0]; s++)
        for (size_t e = 0; e < sizeof entities / sizeof entities[0]; e++) {
            rg_rng seq, at;
            rg_rng_init(&seq, seeds[s], 23, entities[e], 17);
            rg_rng_init(&at, seeds[s], 23, entities[e], 17);
            for (uint32_t b = 0; b < 40; b++) {
                const philox4x32_ctr_t blk = rg_rng_block(&at, b);
                for (int k = 0; k < 4; k++) {
                    const uint32_t want = rg_rng_u32(&seq);
                    CHECK(blk.v[k] == want, "seed %zu, entity %zu, block %u, output %d", s, e, b,
                          k);
                }
            }
            rg_rng a, c;
            rg_rng_init(&a, seeds[s], 5, entities[e], 3);
            rg_rng_init(&c, seeds[s], 5, entities[e], 3);
            for (uint32_t b = 0; b < 40; b++) {
                const philox4x32_ctr_t blk = rg_rng_block(&c, b);
                const double u0 = rg_rng_u01(&a), u1 = rg_rng_u01(&a);
                const double v0 = rg_u01_of(blk.v[0], blk.v[1]), v1 = rg_u01_of(blk.v[2], blk.v[3]);
                CHECK(memcmp(&u0, &v0, sizeof u0) == 0 && memcmp(&u1, &v1, sizeof u1) == 0,
                      "uniforms of block %u differ", b);
                CHECK(v0 > 0 && v0 < 1 && v1 > 0 && v1 < 1, "uniform out of (0, 1)");
            }
        }
    /* The smallest 53-bit integer. (The largest, 2^53 - 1, gives 2^53 - 0.5, which
     * rounds to 2^53: a uniform of exactly 1, once in 2^53 draws, as rg_rng_u01.) */
    CHECK(rg_u01_of(0, 0) == 0.5 / 9007199254740992.0, "smallest uniform");
    CHECK(rg_u01_of(0xffffffffu, 0xffffff80u) < 1.0, "the next to largest uniform below 1");
    return check_done();
}
