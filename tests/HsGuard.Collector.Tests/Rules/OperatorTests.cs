namespace HsGuard.Collector.Tests.Rules;

/// <summary>Each operator of the condition language, true and false, on fields of each type.</summary>
public sealed class OperatorTests
{
    private static bool Matches(string condition, FakeFields fields, string prelude = "") =>
        RuleFiles.Compile(condition, prelude).Matches(fields);

    private static FakeFields Name(string name) => new FakeFields().With("proc.name", name);

    private static FakeFields Cpu(double cpu) => new FakeFields().With("proc.cpu", cpu);

    private static FakeFields Exe(string exe) => new FakeFields().With("proc.exe", exe);

    private static FakeFields Ancestors(params string[] names) => new FakeFields().With("proc.ancestors", names);

    [Theory]
    [InlineData("proc.name = xmrig", "xmrig", true)]
    [InlineData("proc.name = xmrig", "xmrig2", false)]
    [InlineData("proc.name == xmrig", "xmrig", true)]
    [InlineData("proc.name=xmrig", "xmrig", true)]
    [InlineData("proc.name = \"kworker/0:1 x\"", "kworker/0:1 x", true)]
    [InlineData("proc.name = 'a b'", "a b", true)]
    [InlineData("proc.name = XMRIG", "xmrig", false)]
    [InlineData("proc.name != xmrig", "bash", true)]
    [InlineData("proc.name != xmrig", "xmrig", false)]
    [InlineData("proc.name = true", "true", true)]
    [InlineData("proc.name < m", "bash", true)]
    [InlineData("proc.name < m", "xmrig", false)]
    [InlineData("proc.name >= xmrig", "xmrig", true)]
    [InlineData("proc.name > xmrig", "xmrig", false)]
    [InlineData("proc.name <= b", "a", true)]
    public void Equality_String_ComparesOrdinal(string condition, string name, bool expected) =>
        Assert.Equal(expected, Matches(condition, Name(name)));

    [Theory]
    [InlineData("proc.cpu = 99.5", 99.5, true)]
    [InlineData("proc.cpu = 99.5", 99.0, false)]
    [InlineData("proc.cpu != 99.5", 99.0, true)]
    [InlineData("proc.cpu != 99.5", 99.5, false)]
    [InlineData("proc.cpu > 50", 50.5, true)]
    [InlineData("proc.cpu > 50", 50.0, false)]
    [InlineData("proc.cpu >= 50", 50.0, true)]
    [InlineData("proc.cpu >= 50", 49.9, false)]
    [InlineData("proc.cpu < 10", 9.0, true)]
    [InlineData("proc.cpu < 10", 10.0, false)]
    [InlineData("proc.cpu <= 10", 10.0, true)]
    [InlineData("proc.cpu <= 10", 10.5, false)]
    [InlineData("proc.cpu > -1", 0.0, true)]
    [InlineData("proc.cpu >= 1e2", 100.0, true)]
    [InlineData("proc.cpu in (1, 2.5, 100)", 2.5, true)]
    [InlineData("proc.cpu in (1, 2.5, 100)", 3.0, false)]
    public void Comparison_Number_ComparesNumerically(string condition, double cpu, bool expected) =>
        Assert.Equal(expected, Matches(condition, Cpu(cpu)));

    [Theory]
    [InlineData("proc.exe_deleted", true, true)]
    [InlineData("proc.exe_deleted", false, false)]
    [InlineData("proc.exe_deleted = true", true, true)]
    [InlineData("proc.exe_deleted = false", false, true)]
    [InlineData("proc.exe_deleted = false", true, false)]
    [InlineData("proc.exe_deleted != true", false, true)]
    [InlineData("proc.exe_deleted != true", true, false)]
    [InlineData("not proc.exe_deleted", false, true)]
    public void Comparison_Bool_TestsTruth(string condition, bool deleted, bool expected) =>
        Assert.Equal(expected, Matches(condition, new FakeFields().With("proc.exe_deleted", deleted)));

    [Theory]
    [InlineData("proc.cmdline contains stratum+tcp", "./x -o stratum+tcp://pool:3333", true)]
    [InlineData("proc.cmdline contains stratum+tcp", "./x -o STRATUM+TCP://pool:3333", false)]
    [InlineData("proc.cmdline icontains stratum+tcp", "./x -o STRATUM+TCP://pool:3333", true)]
    [InlineData("proc.cmdline icontains xmrig", "/usr/bin/php artisan", false)]
    [InlineData("proc.cmdline startswith /tmp/", "/tmp/x --donate-level 1", true)]
    [InlineData("proc.cmdline startswith /tmp/", "/usr/tmp/x", false)]
    [InlineData("proc.cmdline endswith \"--donate-level 1\"", "/tmp/x --donate-level 1", true)]
    [InlineData("proc.cmdline endswith \"--donate-level 1\"", "/tmp/x --donate-level 10", false)]
    [InlineData("proc.cmdline contains_any (xmrig, \"--donate-level\")", "./a --donate-level=1", true)]
    [InlineData("proc.cmdline contains_any (xmrig, \"--donate-level\")", "./a --donate", false)]
    [InlineData("proc.cmdline icontains_any (xmrig, randomx)", "./a --algo RandomX", true)]
    [InlineData("proc.cmdline icontains_any (xmrig, randomx)", "./a --algo sha256", false)]
    [InlineData("proc.cmdline icontains_any (xmrig, MONEROOCEAN.stream)", "./a -o gulf.MoneroOcean.Stream:10128", true)]
    [InlineData("proc.cmdline icontains_any (xmrig, randomx)", "./XMRi", false)]
    [InlineData("proc.cmdline contains_any (xmrig, \"\")", "/usr/bin/php", true)]
    [InlineData("proc.cmdline contains_any (xmrig, \"\")", "", true)]
    [InlineData("proc.cmdline startswith_any (/tmp/, /dev/shm/)", "/dev/shm/.x", true)]
    [InlineData("proc.cmdline startswith_any (/tmp/, /dev/shm/)", "/var/tmp/x", false)]
    public void StringOperator_String_MatchesText(string condition, string cmdline, bool expected) =>
        Assert.Equal(expected, Matches(condition, new FakeFields().With("proc.cmdline", cmdline)));

    [Theory]
    [InlineData("proc.exe glob /tmp/*", "/tmp/a/b", true)]
    [InlineData("proc.exe glob /tmp/*", "/var/tmp/a", false)]
    [InlineData("proc.exe glob /dev/cpu/*/msr", "/dev/cpu/12/msr", true)]
    [InlineData("proc.exe glob /dev/cpu/*/msr", "/dev/cpu/12/cpuid", false)]
    [InlineData("proc.exe glob /bin/?s", "/bin/ls", true)]
    [InlineData("proc.exe glob /bin/?s", "/bin/lss", false)]
    [InlineData("proc.exe glob_any (\"/home/pacs/*/users/*/doms/*/htdocs*/*\", /srv/*)", "/home/pacs/xyz00/users/web/doms/example.org/htdocs-ssl/x", true)]
    [InlineData("proc.exe glob_any (\"/home/pacs/*/users/*/doms/*/htdocs*/*\", /srv/*)", "/home/pacs/xyz00/users/web/doms/example.org/fastcgi-ssl/x", false)]
    [InlineData("proc.exe pmatch (/tmp, /dev/shm/)", "/tmp/x", true)]
    [InlineData("proc.exe pmatch (/tmp, /dev/shm/)", "/tmp", true)]
    [InlineData("proc.exe pmatch (/tmp, /dev/shm/)", "/dev/shm/a/b", true)]
    [InlineData("proc.exe pmatch (/tmp, /dev/shm/)", "/tmpx/y", false)]
    [InlineData("proc.exe pmatch (/tmp, /dev/shm/)", "/var/tmp/x", false)]
    [InlineData("proc.exe pmatch (/)", "/usr/bin/x", true)]
    [InlineData("proc.exe in (/usr/bin/php, \"/opt/my app\")", "/opt/my app", true)]
    [InlineData("proc.exe in (/usr/bin/php, \"/opt/my app\")", "/opt/my", false)]
    public void PathOperator_String_MatchesPath(string condition, string exe, bool expected) =>
        Assert.Equal(expected, Matches(condition, Exe(exe)));

    [Theory]
    [InlineData("proc.ancestors intersects (apache2, nginx)", new[] { "bash", "nginx" }, true)]
    [InlineData("proc.ancestors intersects (apache2, nginx)", new[] { "bash", "sshd" }, false)]
    [InlineData("proc.ancestors intersects ()", new[] { "bash" }, false)]
    [InlineData("proc.ancestors in (bash, sshd)", new[] { "bash", "sshd" }, true)]
    [InlineData("proc.ancestors in (bash, sshd)", new[] { "bash", "nginx" }, false)]
    [InlineData("proc.ancestors in (bash, sshd)", new string[0], false)]
    [InlineData("proc.ancestors glob_any (php-fpm*, lsphp*)", new[] { "bash", "php-fpm8.2" }, true)]
    [InlineData("proc.ancestors glob_any (php-fpm*, lsphp*)", new[] { "php" }, false)]
    [InlineData("proc.ancestors contains fpm", new[] { "php-fpm8.2" }, true)]
    [InlineData("proc.ancestors icontains FPM", new[] { "php-fpm8.2" }, true)]
    [InlineData("proc.ancestors startswith php", new[] { "bash", "php8.2" }, true)]
    [InlineData("proc.ancestors endswith d", new[] { "bash", "sh" }, false)]
    [InlineData("proc.ancestors glob sys*", new[] { "systemd" }, true)]
    [InlineData("proc.ancestors pmatch (/usr)", new[] { "/usr/sbin/apache2" }, true)]
    [InlineData("proc.ancestors contains_any (fpm, httpd)", new[] { "bash" }, false)]
    public void ListOperator_ListField_MatchesItems(string condition, string[] ancestors, bool expected) =>
        Assert.Equal(expected, Matches(condition, Ancestors(ancestors)));

    [Fact]
    public void In_NamedListMixedWithLiterals_ExpandsTheList()
    {
        const string lists = """
            - list: shells
              items: [bash, sh]
            """;

        Assert.True(Matches("proc.name in (shells, zsh)", Name("sh"), lists));
        Assert.True(Matches("proc.name in (shells, zsh)", Name("zsh"), lists));
        Assert.False(Matches("proc.name in (shells, zsh)", Name("shells"), lists));
        Assert.True(Matches("proc.name in (\"shells\")", Name("shells"), lists));
    }

    [Theory]
    [InlineData("proc.cpu exists", true)]
    [InlineData("proc.huge_pages_kb exists", false)]
    [InlineData("not proc.huge_pages_kb exists", true)]
    public void Exists_Field_TellsWhetherItHasAValue(string condition, bool expected) =>
        Assert.Equal(expected, Matches(condition, Cpu(5)));

    [Theory]
    [InlineData("proc.name = x")]
    [InlineData("proc.name != x")]
    [InlineData("proc.cpu != 1")]
    [InlineData("proc.cpu < 1")]
    [InlineData("proc.exe_deleted = false")]
    [InlineData("proc.exe_deleted")]
    [InlineData("proc.ancestors intersects (x)")]
    [InlineData("proc.name contains x")]
    [InlineData("proc.cpu in (1)")]
    public void Comparison_MissingField_IsFalse(string condition) =>
        Assert.False(Matches(condition, new FakeFields()));

    [Fact]
    public void Not_ComparisonWithMissingField_IsTrue() =>
        Assert.True(Matches("not proc.name = x", new FakeFields()));
}
