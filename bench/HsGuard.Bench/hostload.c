/* hostload.c - the busy part of a shared web host, for recording an ingest trace.
 *
 * hostload BURNERS BURN_MS USERS FIRST_UID STARTS_PER_MIN LIFE_S
 *
 * BURNERS children each use BURN_MS of CPU time every second, in one burst at a phase of their
 * own (a site's PHP workers answering a few requests), so that each shows CPU in every one-second
 * tick of the agent: 50 burners at 12 ms cost 0.6 of a core. Every STARTS_PER_MIN per minute a
 * short-lived child starts, uses 20 ms and lives LIFE_S seconds (a cron job, a CGI request), so
 * that the trace also holds starts and exits. When run as root, the children are spread over
 * USERS users, uids FIRST_UID and up (no login names needed: the agent shows the number).
 *
 * Like idler.c it leads a process group of its own, prints "ready N" (processes it holds, itself
 * included) once the burners are forked, and runs until its standard input closes; then it kills
 * and reaps every child and exits. A child also dies with it (PR_SET_PDEATHSIG).
 *
 * gcc -O2 -Wall -o hostload hostload.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_CHILDREN 4096

static pid_t kids[MAX_CHILDREN];
static long nkids;

static long long now_ns(clockid_t clock)
{
    struct timespec t;
    clock_gettime(clock, &t);
    return t.tv_sec * 1000000000LL + t.tv_nsec;
}

static void burn(long ms)
{
    long long until = now_ns(CLOCK_THREAD_CPUTIME_ID) + ms * 1000000LL;
    volatile unsigned long x = 0;
    while (now_ns(CLOCK_THREAD_CPUTIME_ID) < until)
        for (int i = 0; i < 10000; i++)
            x += (unsigned long)i * 2654435761u;
}

static void sleep_until(long long ns)
{
    struct timespec t = { .tv_sec = ns / 1000000000LL, .tv_nsec = ns % 1000000000LL };
    while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL) == EINTR)
        ;
}

/* In the child: die with the parent, let go of its pipes, become the user, take a name. */
static void become(pid_t parent, uid_t uid, const char *name)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
        _exit(0);
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) {
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        if (null > 2) close(null);
    }
    if (geteuid() == 0 && uid != 0 && (setgid(uid) != 0 || setuid(uid) != 0))
        _exit(1);
    prctl(PR_SET_NAME, name);
}

static void burner(long ms, int phase_ms)
{
    long long next = now_ns(CLOCK_MONOTONIC) + phase_ms * 1000000LL;
    for (;;) {
        sleep_until(next);
        burn(ms);
        next += 1000000000LL;
    }
}

static pid_t spawn(pid_t self, uid_t uid, const char *name, long burn_ms, int phase_ms, long life_s)
{
    pid_t pid = fork();
    if (pid == 0) {
        become(self, uid, name);
        if (life_s == 0)
            burner(burn_ms, phase_ms);
        burn(burn_ms);
        sleep((unsigned)life_s);
        _exit(0);
    }
    if (pid > 0 && nkids < MAX_CHILDREN)
        kids[nkids++] = pid;
    return pid;
}

static void reap(void)
{
    pid_t pid;
    while ((pid = waitpid(-1, NULL, WNOHANG)) > 0)
        for (long i = 0; i < nkids; i++)
            if (kids[i] == pid) {
                kids[i] = kids[--nkids];
                break;
            }
}

int main(int argc, char **argv)
{
    if (argc != 7) {
        fprintf(stderr, "usage: %s BURNERS BURN_MS USERS FIRST_UID STARTS_PER_MIN LIFE_S\n", argv[0]);
        return 2;
    }
    long burners = strtol(argv[1], NULL, 10), burn_ms = strtol(argv[2], NULL, 10);
    long users = strtol(argv[3], NULL, 10), first_uid = strtol(argv[4], NULL, 10);
    long per_min = strtol(argv[5], NULL, 10), life_s = strtol(argv[6], NULL, 10);
    if (burners < 0 || burners > MAX_CHILDREN / 2 || burn_ms < 1 || burn_ms > 900 || users < 1
        || first_uid < 1 || per_min < 0 || life_s < 1) {
        fprintf(stderr, "%s: an argument is out of range\n", argv[0]);
        return 2;
    }
    if (setpgid(0, 0) != 0) {
        perror("setpgid");
        return 1;
    }
    pid_t self = getpid();
    srand((unsigned)self);
    for (long i = 0; i < burners; i++)
        if (spawn(self, (uid_t)(first_uid + i % users), "php-fpm8.2", burn_ms, rand() % 1000, 0) < 0) {
            perror("fork");
            break;
        }
    printf("ready %ld\n", nkids + 1);
    fflush(stdout);

    /* Until standard input closes: a short-lived child every 60/per_min seconds. */
    long long period = per_min > 0 ? 60000000000LL / per_min : -1;
    long long next = now_ns(CLOCK_MONOTONIC) + (period > 0 ? period : 0);
    for (;;) {
        int timeout = -1;
        if (period > 0) {
            long long left = next - now_ns(CLOCK_MONOTONIC);
            timeout = left > 0 ? (int)(left / 1000000) : 0;
        }
        struct pollfd in = { .fd = 0, .events = POLLIN };
        int r = poll(&in, 1, timeout);
        if (r < 0 && errno != EINTR)
            break;
        if (r > 0) {
            char c;
            if (read(0, &c, 1) <= 0)
                break;
        }
        reap();
        if (period > 0 && now_ns(CLOCK_MONOTONIC) >= next) {
            spawn(self, (uid_t)(first_uid + rand() % users), "php-cgi", 20, 0, life_s);
            next += period;
        }
    }
    for (long i = 0; i < nkids; i++)
        kill(kids[i], SIGKILL);
    while (waitpid(-1, NULL, 0) > 0 || errno == EINTR)
        ;
    return 0;
}
