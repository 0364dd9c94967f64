/* idler.c - COUNT idle processes for the sampler benchmark: this one and COUNT-1 children.
 *
 * It makes itself the leader of a new process group, forks the children (each only calls
 * pause()), prints "ready N" with the number of processes it holds, and then waits for its
 * standard input to close: the benchmark closes it when it is done, or the kernel does when the
 * benchmark dies. Then it kills its children, reaps every one, and exits, so that nothing it
 * started outlives it. A child also dies with it (PR_SET_PDEATHSIG) should the idler be killed.
 *
 * gcc -O2 -Wall -o idler idler.c
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

static void idle_child(pid_t parent)
{
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) /* the idler died between fork and prctl */
        _exit(0);
    int null = open("/dev/null", O_RDWR);
    if (null >= 0) { /* let go of the benchmark's pipes */
        dup2(null, 0);
        dup2(null, 1);
        dup2(null, 2);
        if (null > 2) close(null);
    }
    for (;;)
        pause();
}

int main(int argc, char **argv)
{
    long count = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
    if (count < 1) {
        fprintf(stderr, "usage: %s COUNT (processes, this one included)\n", argv[0]);
        return 2;
    }
    if (setpgid(0, 0) != 0) {
        perror("setpgid");
        return 1;
    }
    pid_t self = getpid();
    pid_t *kids = calloc((size_t)count, sizeof *kids);
    if (!kids) {
        perror("calloc");
        return 1;
    }
    long n = 0;
    while (n < count - 1) {
        pid_t pid = fork();
        if (pid == 0)
            idle_child(self);
        if (pid < 0) { /* out of pids or memory: report what we hold */
            perror("fork");
            break;
        }
        kids[n++] = pid;
    }
    printf("ready %ld\n", n + 1);
    fflush(stdout);

    char c;
    ssize_t r;
    while ((r = read(0, &c, 1)) > 0 || (r < 0 && errno == EINTR))
        ;
    for (long i = 0; i < n; i++)
        kill(kids[i], SIGKILL);
    for (long i = 0; i < n; i++)
        while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR)
            ;
    return 0;
}
