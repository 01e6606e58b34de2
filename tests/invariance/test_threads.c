/* Reproducibility: the same configuration run with 1, 2 and 8 threads, and with
 * the Philox blocks made on every SIMD path the processor runs, writes bit-for-bit
 * identical files (every dataset and every attribute but the timing and host
 * ones); and re-running the configuration stored in a file reproduces it. */
#include <hdf5.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "reintegra/population.h"
#include "reintegra/module.h"
#include "reintegra/config.h"
#include "reintegra/rng.h"
#include "reintegra/run.h"

/* Attributes allowed to differ between reruns: where, when and how fast. */
static int is_timing(const char *name)
{
    return !strcmp(name, "host") || !strcmp(name, "created_utc") || !strcmp(name, "threads") ||
           !strcmp(name, "wall_seconds");
}

typedef struct compare_ctx {
    hid_t other;
    const char *label;
    int objects;
} compare_ctx;

/* Raw bytes of a dataset or attribute in its own (file) type; variable-length
 * strings are compared as text. */
static int same_data(hid_t a, hid_t b, int is_attr)
{
    hid_t ta = is_attr ? H5Aget_type(a) : H5Dget_type(a);
    hid_t tb = is_attr ? H5Aget_type(b) : H5Dget_type(b);
    hid_t sa = is_attr ? H5Aget_space(a) : H5Dget_space(a);
    hid_t sb = is_attr ? H5Aget_space(b) : H5Dget_space(b);
    int same = H5Tequal(ta, tb) > 0;
    hssize_t na = H5Sget_simple_extent_npoints(sa), nb = H5Sget_simple_extent_npoints(sb);
    same &= na == nb;
    if (same && H5Tis_variable_str(ta) > 0) {
        char **xa = calloc((size_t)na, sizeof *xa), **xb = calloc((size_t)na, sizeof *xb);
        if (is_attr) {
            H5Aread(a, ta, xa);
            H5Aread(b, tb, xb);
        } else {
            H5Dread(a, ta, H5S_ALL, H5S_ALL, H5P_DEFAULT, xa);
            H5Dread(b, tb, H5S_ALL, H5S_ALL, H5P_DEFAULT, xb);
        }
        for (hssize_t i = 0; i < na; i++) same &= xa[i] && xb[i] && !strcmp(xa[i], xb[i]);
        for (hssize_t i = 0; i < na; i++) {
            H5free_memory(xa[i]);
            H5free_memory(xb[i]);
        }
        free(xa);
        free(xb);
    } else if (same) {
        size_t bytes = H5Tget_size(ta) * (size_t)na;
        char *xa = malloc(bytes + 1), *xb = malloc(bytes + 1);
        if (is_attr) {
            H5Aread(a, ta, xa);
            H5Aread(b, tb, xb);
        } else {
            H5Dread(a, ta, H5S_ALL, H5S_ALL, H5P_DEFAULT, xa);
            H5Dread(b, tb, H5S_ALL, H5S_ALL, H5P_DEFAULT, xb);
        }
        same &= memcmp(xa, xb, bytes) == 0;
        free(xa);
        free(xb);
    }
    H5Sclose(sa);
    H5Sclose(sb);
    H5Tclose(ta);
    H5Tclose(tb);
    return same;
}

static herr_t compare_attr(hid_t obj, const char *name, const H5A_info_t *info, void *data)
{
    (void)info;
    compare_ctx *ctx = data;
    if (is_timing(name)) return 0;
    hid_t a = H5Aopen(obj, name, H5P_DEFAULT);
    /* The same attribute on the same object of the other file. */
    char objname[512];
    H5Iget_name(obj, objname, sizeof objname);
    hid_t o2 = H5Oopen(ctx->other, objname, H5P_DEFAULT);
    hid_t b = o2 >= 0 && H5Aexists(o2, name) > 0 ? H5Aopen(o2, name, H5P_DEFAULT) : -1;
    CHECK(b >= 0 && same_data(a, b, 1), "%s: attribute %s of %s differs", ctx->label, name,
          objname);
    if (b >= 0) H5Aclose(b);
    if (o2 >= 0) H5Oclose(o2);
    H5Aclose(a);
    return 0;
}

static herr_t compare_object(hid_t obj, const char *name, const H5O_info_t *info, void *data)
{
    compare_ctx *ctx = data;
    hid_t o = H5Oopen(obj, name, H5P_DEFAULT);
    H5Aiterate2(o, H5_INDEX_NAME, H5_ITER_NATIVE, NULL, compare_attr, ctx);
    if (info->type == H5O_TYPE_DATASET) {
        ctx->objects++;
        hid_t b = H5Lexists(ctx->other, name, H5P_DEFAULT) > 0
                      ? H5Dopen2(ctx->other, name, H5P_DEFAULT)
                      : -1;
        CHECK(b >= 0 && same_data(o, b, 0), "%s: dataset /%s differs", ctx->label, name);
        if (b >= 0) H5Dclose(b);
    }
    H5Oclose(o);
    return 0;
}

/* Every object of a must equal b's (and both must have as many datasets). */
static void compare_files(const char *a, const char *b, const char *label)
{
    hid_t fa = H5Fopen(a, H5F_ACC_RDONLY, H5P_DEFAULT),
          fb = H5Fopen(b, H5F_ACC_RDONLY, H5P_DEFAULT);
    CHECK(fa >= 0 && fb >= 0, "%s: cannot open", label);
    if (fa < 0 || fb < 0) return;
    compare_ctx ab = {fb, label, 0}, ba = {fa, label, 0};
    H5Ovisit2(fa, H5_INDEX_NAME, H5_ITER_NATIVE, compare_object, &ab, H5O_INFO_BASIC);
    H5Ovisit2(fb, H5_INDEX_NAME, H5_ITER_NATIVE, compare_object, &ba, H5O_INFO_BASIC);
    CHECK(ab.objects == ba.objects && ab.objects > 30, "%s: %d and %d datasets", label, ab.objects,
          ba.objects);
    H5Fclose(fa);
    H5Fclose(fb);
}

static void run_to(const rg_params *p, int threads, const char *path)
{
    rg_error err = {0};
    rg_run *run = NULL;
    CHECK(rg_run_create(&run, p, threads, &err) == RG_OK, "create: %s", err.msg);
    if (!run) return;
    CHECK(rg_run_open_output(run, path, &err) == RG_OK, "open: %s", err.msg);
    CHECK(rg_run_complete(run, &err) == RG_OK, "run: %s", err.msg);
    rg_run_free(run);
}

int main(void)
{
    H5Eset_auto2(H5E_DEFAULT, NULL, NULL);
    rg_params p;
    rg_params_defaults(&p);
    p.run.agents = 30000; /* several blocks, so threads share the work */
    p.run.months = 36;
    p.run.seed = 777;
    RG_PARAMS_MUT(&p, population)->release = RG_RELEASE_FLOW;
    p.output.trajectory_fraction = 0.05;
    run_to(&p, 1, "threads1.h5");
    run_to(&p, 2, "threads2.h5");
    run_to(&p, 8, "threads8.h5");
    compare_files("threads1.h5", "threads2.h5", "1 vs 2 threads");
    compare_files("threads1.h5", "threads8.h5", "1 vs 8 threads");

    /* The configuration stored in the file reproduces the run. */
    hid_t f = H5Fopen("threads1.h5", H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t ds = H5Dopen2(f, "config", H5P_DEFAULT);
    hid_t t = H5Dget_type(ds); /* a string of fixed length */
    char *text = calloc(H5Tget_size(t) + 1, 1);
    H5Dread(ds, t, H5S_ALL, H5S_ALL, H5P_DEFAULT, text);
    rg_params q;
    rg_params_defaults(&q);
    rg_error err = {0};
    CHECK(rg_config_load_string(&q, text, "config", &err) == RG_OK, "config: %s", err.msg);
    free(text);
    H5Tclose(t);
    H5Dclose(ds);
    H5Fclose(f);
    run_to(&q, 3, "rerun.h5");
    compare_files("threads1.h5", "rerun.h5", "rerun from /config");

    /* Every policy and programme at once (scenarios/package.cfg, with places
     * targeted by predicted risk): still identical for any thread count. */
    const char *src = getenv("RG_SOURCE_DIR");
    char pkg[4096];
    snprintf(pkg, sizeof pkg, "%s/scenarios/package.cfg", src ? src : ".");
    rg_params pp;
    rg_params_defaults(&pp);
    CHECK(rg_config_load(&pp, pkg, &err) == RG_OK, "package: %s", err.msg);
    pp.run.agents = 20000;
    pp.run.months = 24;
    CHECK_SET(&pp, "cbt.targeting=risk");
    CHECK_SET(&pp, "risk_tool.training_agents=5000");
    CHECK_SET(&pp, "trial.programme=cbt"); /* and an emulated trial of CBT */
    pp.output.trajectory_fraction = 0.05;
    run_to(&pp, 1, "package1.h5");
    run_to(&pp, 8, "package8.h5");
    compare_files("package1.h5", "package8.h5", "package, 1 vs 8 threads");

    /* The same files from every narrower SIMD path (the widest made them above). */
    const rg_simd widest = rg_simd_best();
    for (int path = RG_SIMD_SCALAR; path < (int)widest; path++) {
        if (!rg_simd_supported((rg_simd)path)) continue;
        rg_simd_limit((rg_simd)path);
        CHECK(rg_simd_best() == (rg_simd)path, "limit %s not taken", rg_simd_name((rg_simd)path));
        char label[64];
        snprintf(label, sizeof label, "%s path vs %s", rg_simd_name((rg_simd)path),
                 rg_simd_name(widest));
        run_to(&p, 2, "path.h5");
        compare_files("threads1.h5", "path.h5", label);
        run_to(&pp, 2, "path_package.h5");
        snprintf(label, sizeof label, "package, %s path vs %s", rg_simd_name((rg_simd)path),
                 rg_simd_name(widest));
        compare_files("package1.h5", "path_package.h5", label);
    }
    rg_simd_limit(widest);
    printf("SIMD paths compared: %d (widest %s)\n", (int)widest, rg_simd_name(widest));

    /* And a different seed is a different run (the comparison can fail). */
    p.run.seed = 778;
    run_to(&p, 2, "seed778.h5");
    hid_t a = H5Fopen("threads1.h5", H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t b = H5Fopen("seed778.h5", H5F_ACC_RDONLY, H5P_DEFAULT);
    hid_t da = H5Dopen2(a, "agents/first_arrest", H5P_DEFAULT);
    hid_t db = H5Dopen2(b, "agents/first_arrest", H5P_DEFAULT);
    CHECK(!same_data(da, db, 0), "different seeds gave identical outcomes");
    H5Dclose(da);
    H5Dclose(db);
    H5Fclose(a);
    H5Fclose(b);
    return check_done();
}
