/* Test helper: set an integer attribute of a file's root group, to make files of
 * another schema version. Usage: h5_tamper FILE ATTRIBUTE VALUE */
#include <hdf5.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv)
{
    if (argc != 4) {
        fprintf(stderr, "usage: h5_tamper FILE ATTRIBUTE VALUE\n");
        return 2;
    }
    long long v = atoll(argv[3]);
    hid_t f = H5Fopen(argv[1], H5F_ACC_RDWR, H5P_DEFAULT);
    if (f < 0) return 1;
    if (H5Aexists(f, argv[2]) > 0) H5Adelete(f, argv[2]);
    hid_t sp = H5Screate(H5S_SCALAR);
    hid_t a = H5Acreate2(f, argv[2], H5T_STD_I64LE, sp, H5P_DEFAULT, H5P_DEFAULT);
    int rc = a >= 0 && H5Awrite(a, H5T_NATIVE_LLONG, &v) >= 0 ? 0 : 1;
    if (a >= 0) H5Aclose(a);
    H5Sclose(sp);
    H5Fclose(f);
    return rc;
}
