/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mhvctl's raw device access, as setpci would do it: conf-read, conf-write
 * (PHYSDEVOP_mhv_pci_conf) and map-bar (PHYSDEVOP_mhv_map_bar) -- for the
 * control domain's own use and for tests that play a careless one.
 */
#include "mhvctl.h"

/* REG and SIZE of a config access: SIZE 1, 2 or 4, REG below 4096. */
static int conf_args(char **argv, uint32_t *sbdf, uint64_t *reg, uint64_t *size)
{
    int rc = arg_sbdf("SBDF", argv[1], sbdf);

    if (!rc)
        rc = arg_uint("register", argv[2], 0xfff, reg);
    if (!rc)
        rc = arg_uint("size", argv[3], 4, size);
    if (!rc && *size != 1 && *size != 2 && *size != 4) {
        printf("size: 1, 2 or 4\n");
        rc = -MHV_EINVAL;
    }
    return rc;
}

/* conf-read SBDF REG SIZE: prints "SBDF+REG = VALUE". */
int cmd_conf_read(int argc, char **argv)
{
    uint64_t reg, size;
    uint32_t sbdf, v;
    int rc = conf_args(argv, &sbdf, &reg, &size);

    if (rc)
        return rc;
    rc = mhv_pci_conf_read(sbdf, (unsigned int)reg, (unsigned int)size, &v);
    if (!rc)
        printf("%pp+%#x = %#x\n", SBDF_ARG(sbdf), (unsigned int)reg, v);
    return rc;
}

/* conf-write SBDF REG SIZE VALUE. */
int cmd_conf_write(int argc, char **argv)
{
    uint64_t reg, size, v;
    uint32_t sbdf;
    int rc = conf_args(argv, &sbdf, &reg, &size);

    if (!rc)
        rc = arg_uint("value", argv[4], size == 4 ? 0xffffffffu :
                      size == 2 ? 0xffffu : 0xffu, &v);
    if (rc)
        return rc;
    return mhv_pci_conf_write(sbdf, (unsigned int)reg, (unsigned int)size,
                              (uint32_t)v);
}

/* map-bar SBDF BAR: prints "BAR N of SBDF mapped at VA (SIZE bytes)". */
int cmd_map_bar(int argc, char **argv)
{
    volatile void *va;
    uint64_t bar, size;
    uint32_t sbdf;
    int rc = arg_sbdf("SBDF", argv[1], &sbdf);

    if (!rc)
        rc = arg_uint("BAR", argv[2], 5, &bar);
    if (!rc)
        rc = mhv_bar_get(sbdf, (unsigned int)bar, &va, &size);
    if (!rc)
        printf("BAR %u of %pp mapped at %p (%llu bytes)\n", (unsigned int)bar,
               SBDF_ARG(sbdf), (void *)va, (unsigned long long)size);
    return rc;
}
