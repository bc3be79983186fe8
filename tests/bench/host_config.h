/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Configuration for the host registry benchmark (make bench-host): like
 * tests/host/host_config.h but a release build (no ASSERTs, no lock
 * checks), as the bench image is.
 */
#define CONFIG_HOST_TEST 1
#define CONFIG_NR_CPUS 64
#define CONFIG_PCI_MAX_SEGMENTS 16
#define MHV_VERSION "host-bench"

/* The hypervisor's printf family, renamed (see tests/host/host_config.h). */
#define vsnprintf mhv_vsnprintf
#define snprintf  mhv_snprintf
