/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Configuration for host builds of hypervisor code: a debug build, so every
 * ASSERT is live and the lock checks run.
 */
#define CONFIG_DEBUG 1
#define CONFIG_DEBUG_LOCKS 1
#define CONFIG_HOST_TEST 1
#define CONFIG_NR_CPUS 64
#define CONFIG_PCI_MAX_SEGMENTS 16
#define MHV_VERSION "host"

/*
 * The hypervisor's printf family would clash with the C library's in a host
 * program: rename ours (the real code is still what runs).
 */
#define vsnprintf mhv_vsnprintf
#define snprintf  mhv_snprintf
