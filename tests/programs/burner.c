/* burner.c - HsGuard's miner stand-in: a compute-bound, memory-hard, multi-threaded hashing
 * loop of our own. It mines nothing and talks to nothing but a listener the test names on
 * 127.0.0.1. Every behaviour a real miner shows in /proc is a switch, so that tests can turn the
 * signals on one at a time.
 *
 * Usage: burner [options]
 *   -t N        compute threads (default 1)
 *   -s SECONDS  exit after this long (default: run until killed)
 *   -n NAME     set the process name (comm) with prctl(PR_SET_NAME), e.g. "kthreaddi"
 *   -a TEXT     overwrite the argv area with TEXT (what ps shows as the command line)
 *   -u UID      switch to this uid (and gid = uid) before working (needs root)
 *   -D          make the process non-dumpable (its /proc files turn root-owned)
 *   -d DUTY     work only this fraction of each 10 ms period, 0 < DUTY <= 1 (default 1)
 *   -N NICE     setpriority to NICE
 *   -T          each compute thread i sets its own nice to NICE + 1 + i (setpriority on its
 *               thread id), so the threads run at different priorities
 *   -M          open /dev/cpu/0/msr and keep it open, as RandomX miners do to tune the CPU
 *               (the msr module must be loaded; without it, a note on stderr and no more)
 *   -P          pin the compute threads one per CPU
 *   -H          ask for transparent huge pages on the scratchpads (MADV_HUGEPAGE)
 *   -m KIB      scratchpad per thread in KiB (default 2048, as memory-hard hashing uses)
 *   -x          delete the own executable after start (as droppers do)
 *   -f          detach: fork, setsid, standard streams on /dev/null; the parent prints the
 *               child's pid and exits
 *   -p PORT     connect to 127.0.0.1:PORT and send a stratum-style login line (only loopback)
 *   -c FILE     read the settings from FILE instead (key=value lines: threads, seconds, name,
 *               duty, nice, pin, hugepages, scratch_kib, port), as miners keep a config.json
 *   -e          exit at once after start-up (a short-lived process)
 *   -r          print "ready PID" on standard output once the threads run
 *
 * gcc -O2 -pthread -o burner burner.c
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static int threads = 1, seconds = 0, pin = 0, hugepages = 0, port = 0, nice_value = 0, set_nice = 0;
static int thread_nice = 0;
static double duty = 1.0;
static size_t scratch_kib = 2048;
static char name[64];
static volatile uint64_t sink;

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec * 1e-9;
}

static inline uint64_t mix(uint64_t x)
{
    x ^= x >> 30; x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27; x *= 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

static void *work(void *arg)
{
    long index = (long)arg;
    if (pin) {
        long cpus = sysconf(_SC_NPROCESSORS_ONLN);
        cpu_set_t set;
        CPU_ZERO(&set);
        CPU_SET(index % (cpus > 0 ? cpus : 1), &set);
        sched_setaffinity(0, sizeof set, &set);
    }
    if (thread_nice) {
        /* Linux keeps a nice value per thread: PRIO_PROCESS with a thread id sets that one. */
        if (setpriority(PRIO_PROCESS, (id_t)gettid(), nice_value + 1 + (int)index) != 0) perror("setpriority");
    }
    size_t words = scratch_kib * 1024 / sizeof(uint64_t);
    uint64_t *pad = mmap(NULL, words * sizeof(uint64_t), PROT_READ | PROT_WRITE,
                         MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (pad == MAP_FAILED) { perror("mmap"); exit(1); }
    if (hugepages) madvise(pad, words * sizeof(uint64_t), MADV_HUGEPAGE);
    uint64_t h = mix((uint64_t)index + 1);
    for (size_t i = 0; i < words; i++) pad[i] = h = mix(h + i);
    const double period = 0.010;
    for (;;) {
        double start = now();
        /* memory-hard inner loop: reads and writes at data-dependent places */
        do {
            for (int k = 0; k < 4096; k++) {
                size_t at = h % words;
                h = mix(h ^ pad[at]);
                pad[at] = h;
            }
        } while (now() - start < period * duty);
        sink += h;
        if (duty < 1.0) {
            double rest = period * (1.0 - duty);
            struct timespec ts = { 0, (long)(rest * 1e9) };
            nanosleep(&ts, NULL);
        }
    }
    return NULL;
}

static void connect_pool(void)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) { perror("socket"); return; }
    struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);  /* only ever loopback */
    if (connect(fd, (struct sockaddr *)&sa, sizeof sa) != 0) { perror("connect"); close(fd); return; }
    const char *login = "{\"id\":1,\"method\":\"login\",\"params\":{\"login\":\"stand-in\",\"agent\":\"burner/1.0\"}}\n";
    if (write(fd, login, strlen(login)) < 0) perror("write");
    /* keep the connection open for the life of the process */
}

static void open_msr(void)
{
    int fd = open("/dev/cpu/0/msr", O_RDONLY | O_CLOEXEC);
    if (fd < 0) perror("/dev/cpu/0/msr");
    /* kept open for the life of the process */
}

static void read_config(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); exit(2); }
    char line[256];
    while (fgets(line, sizeof line, f)) {
        char *eq = strchr(line, '=');
        if (!eq) continue;
        *eq = 0;
        char *v = eq + 1;
        v[strcspn(v, "\r\n")] = 0;
        if (!strcmp(line, "threads")) threads = atoi(v);
        else if (!strcmp(line, "seconds")) seconds = atoi(v);
        else if (!strcmp(line, "name")) snprintf(name, sizeof name, "%s", v);
        else if (!strcmp(line, "duty")) duty = atof(v);
        else if (!strcmp(line, "nice")) { nice_value = atoi(v); set_nice = 1; }
        else if (!strcmp(line, "pin")) pin = atoi(v);
        else if (!strcmp(line, "hugepages")) hugepages = atoi(v);
        else if (!strcmp(line, "scratch_kib")) scratch_kib = (size_t)atol(v);
        else if (!strcmp(line, "port")) port = atoi(v);
    }
    fclose(f);
}

static void detach(void)
{
    pid_t child = fork();
    if (child < 0) { perror("fork"); exit(1); }
    if (child > 0) { printf("%d\n", (int)child); fflush(stdout); _exit(0); }
    setsid();
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0); dup2(null, 1); dup2(null, 2);
    if (null > 2) close(null);
}

int main(int argc, char **argv)
{
    int opt, uid = -1, nondumpable = 0, unlink_self = 0, detached = 0, exit_now = 0, ready = 0, msr = 0;
    const char *argv_text = NULL;
    while ((opt = getopt(argc, argv, "t:s:n:a:u:Dd:N:TMPHm:xfp:c:er")) != -1) {
        switch (opt) {
        case 't': threads = atoi(optarg); break;
        case 's': seconds = atoi(optarg); break;
        case 'n': snprintf(name, sizeof name, "%s", optarg); break;
        case 'a': argv_text = strdup(optarg); break;
        case 'u': uid = atoi(optarg); break;
        case 'D': nondumpable = 1; break;
        case 'd': duty = atof(optarg); break;
        case 'N': nice_value = atoi(optarg); set_nice = 1; break;
        case 'T': thread_nice = 1; break;
        case 'M': msr = 1; break;
        case 'P': pin = 1; break;
        case 'H': hugepages = 1; break;
        case 'm': scratch_kib = (size_t)atol(optarg); break;
        case 'x': unlink_self = 1; break;
        case 'f': detached = 1; break;
        case 'p': port = atoi(optarg); break;
        case 'c': read_config(optarg); break;
        case 'e': exit_now = 1; break;
        case 'r': ready = 1; break;
        default: fprintf(stderr, "usage: see the comment at the top of burner.c\n"); return 2;
        }
    }
    if (threads < 1 || threads > 1024 || duty <= 0 || duty > 1 || scratch_kib < 4) {
        fprintf(stderr, "burner: bad settings\n");
        return 2;
    }
    if (exit_now) return 0;
    if (uid >= 0) {
        if (setgroups(0, NULL) != 0 && errno != EPERM) perror("setgroups");
        if (setgid((gid_t)uid) != 0 || setuid((uid_t)uid) != 0) { perror("setuid"); return 1; }
    }
    if (unlink_self) {
        char self[4096];
        ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
        if (n > 0) { self[n] = 0; if (unlink(self) != 0) perror("unlink"); }
    }
    if (detached) detach();
    if (name[0]) prctl(PR_SET_NAME, name, 0, 0, 0);
    if (nondumpable) prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    if (set_nice) setpriority(PRIO_PROCESS, 0, nice_value);
    if (argv_text) {
        /* the argv strings are contiguous: overwrite them all, as setproctitle does */
        char *start = argv[0], *end = argv[argc - 1] + strlen(argv[argc - 1]);
        size_t room = (size_t)(end - start);
        memset(start, 0, room);
        strncpy(start, argv_text, room);
    }
    if (port > 0) connect_pool();
    if (msr) open_msr();
    for (long i = 0; i < threads; i++) {
        pthread_t t;
        if (pthread_create(&t, NULL, work, (void *)i) != 0) { perror("pthread_create"); return 1; }
    }
    if (ready && !detached) { printf("ready %d\n", (int)getpid()); fflush(stdout); }
    if (seconds > 0) {
        sleep((unsigned)seconds);
        return 0;
    }
    for (;;) pause();
}
