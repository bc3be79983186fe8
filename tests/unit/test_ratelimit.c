/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The log-line token bucket (common/ratelimit.c): a burst passes, then one
 * line per interval; what it refuses is counted and handed to the next
 * line that passes, exactly once; idle time refills it, never beyond the
 * burst; partial intervals are kept, not lost.
 */
#include <stdarg.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <mhv/ratelimit.h>

#define MS 1000000LL

static struct ratelimit fresh(void)
{
    return (struct ratelimit)RATELIMIT_INIT(3, 100 * MS);
}

/* Lines passed out of @n tries at @now; the suppressed counts reported add up in *@reported. */
static unsigned int tries(struct ratelimit *rl, unsigned int n, s64 now,
                          unsigned long *reported)
{
    unsigned int passed = 0;

    for (unsigned int i = 0; i < n; i++) {
        unsigned long missed;

        if (ratelimit_pass(rl, now, &missed))
            passed++;
        else
            assert_int_equal(missed, 0);
        *reported += missed;
    }
    return passed;
}

static void test_burst_then_refused(void **state)
{
    struct ratelimit rl = fresh();
    unsigned long reported = 0;

    /* The first call fills the bucket, whatever the clock says. */
    assert_int_equal(tries(&rl, 10, 5000 * MS, &reported), 3);
    assert_int_equal(reported, 0);
    assert_int_equal(rl.suppressed, 7);
}

static void test_suppressed_reported_once(void **state)
{
    struct ratelimit rl = fresh();
    unsigned long reported = 0, missed = 99;

    tries(&rl, 10, 0, &reported);
    /* One interval later one line passes and carries the 7 refused. */
    assert_true(ratelimit_pass(&rl, 100 * MS, &missed));
    assert_int_equal(missed, 7);
    assert_false(ratelimit_pass(&rl, 100 * MS, &missed));
    assert_int_equal(missed, 0);
    /* The next one that passes reports only what came after. */
    assert_true(ratelimit_pass(&rl, 200 * MS, &missed));
    assert_int_equal(missed, 1);
    assert_true(ratelimit_pass(&rl, 200 * MS, &missed) == false);
}

static void test_rate_over_a_flood(void **state)
{
    struct ratelimit rl = fresh();
    unsigned long reported = 0;
    unsigned int passed = 0;

    /* 10 tries every millisecond for 10 s: burst + one per 100 ms. */
    for (s64 t = 0; t < 10000 * MS; t += MS)
        passed += tries(&rl, 10, t, &reported);
    assert_int_equal(passed, 3 + 99);
    assert_int_equal(reported + rl.suppressed, 10 * 10000 - passed);
}

static void test_idle_refills_to_burst_only(void **state)
{
    struct ratelimit rl = fresh();
    unsigned long reported = 0;

    tries(&rl, 3, 0, &reported);
    /* An hour of silence buys the burst, not 36000 lines. */
    assert_int_equal(tries(&rl, 10, 3600000 * MS, &reported), 3);
}

static void test_partial_intervals_kept(void **state)
{
    struct ratelimit rl = fresh();
    unsigned long reported = 0;

    tries(&rl, 3, 0, &reported);
    /* 60 ms + 60 ms: the second look completes an interval. */
    assert_int_equal(tries(&rl, 1, 60 * MS, &reported), 0);
    assert_int_equal(tries(&rl, 1, 120 * MS, &reported), 1);
    /* 150 ms after that refill (at 100 ms): one more, 50 ms kept. */
    assert_int_equal(tries(&rl, 2, 250 * MS, &reported), 1);
    assert_int_equal(tries(&rl, 1, 300 * MS, &reported), 1);
}

static void test_clock_not_moving(void **state)
{
    struct ratelimit rl = fresh();
    unsigned long reported = 0;

    tries(&rl, 3, 1000 * MS, &reported);
    /* A clock read that is not later (another CPU's) refills nothing. */
    assert_int_equal(tries(&rl, 5, 990 * MS, &reported), 0);
    assert_int_equal(tries(&rl, 5, 1000 * MS, &reported), 0);
    assert_int_equal(rl.suppressed, 10);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_burst_then_refused),
        cmocka_unit_test(test_suppressed_reported_once),
        cmocka_unit_test(test_rate_over_a_flood),
        cmocka_unit_test(test_idle_refills_to_burst_only),
        cmocka_unit_test(test_partial_intervals_kept),
        cmocka_unit_test(test_clock_not_moving),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
