/* Test helper that damages run files on purpose.
 *   h5_tamper FILE ATTRIBUTE VALUE   set an integer attribute of the root group (files
 *                                    of another schema version)
 *   h5_tamper FILE --shrink DATASET  replace a dataset by one of a single value (a
 *                                    table of the wrong shape)
 *   h5_tamper FILE --delete DATASET  remove a dataset (an incomplete group) */
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int set_attribute(hid_t f, const char *name, long long v)
{
    if (H5Aexists(f, name) > 0) H5Adelete(f, name);
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(f, name, H5T_STD_I64LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    int rc = a >= 0 && H5Awrite(a, H5T_NATIVE_LLONG, &v) >= 0 ? 0 : 1;
    if (a >= 0) H5Aclose(a);
    H5Sclose(sp);
    return rc;
}

static int shrink(hid_t f, const char *name)
{
    if (H5Ldelete(f, name, H5P_DEFAULT) < 0) return 1;
    const hsize_t one = 1;
    const double v = 0;
    hid_t sp = H5Screate_simple(1, &one, NULL);
    hid_t d = H5Dcreate2(f, name, H5T_IEEE_F64LE, sp, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
    int rc =
        d >= 0 && H5Dwrite(d, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &v) >= 0 ? 0 : 1;
    if (d >= 0) H5Dclose(d);
    H5Sclose(sp);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: h5_tamper FILE ATTRIBUTE VALUE | FILE --shrink|--delete DATASET\n");
        return 2;
    }
    hid_t f = H5Fopen(argv[1], H5F_ACC_RDWR, H5P_DEFAULT);
    if (f < 0) return 1;
    int rc;
    if (!strcmp(argv[2], "--shrink"))
        rc = shrink(f, argv[3]);
    else if (!strcmp(argv[2], "--delete"))
        rc = H5Ldelete(f, argv[3], H5P_DEFAULT) < 0;
    else
        rc = set_attribute(f, argv[2], atoll(argv[3]));
    if (H5Fclose(f) < 0) rc = 1;
    return rc;
}
