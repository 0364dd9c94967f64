using HsGuard.Agent.Enforcement;

namespace HsGuard.Agent.Tests.Enforcement;

public sealed class EnvironmentMaskTests
{
    [Theory]
    [InlineData("FOO_TOKEN=abc", "FOO_TOKEN=***")]
    [InlineData("db_password=hunter2", "db_password=***")]
    [InlineData("AWS_SECRET_ACCESS_KEY=AKIA/x+y", "AWS_SECRET_ACCESS_KEY=***")]
    [InlineData("GITHUB_AUTH=", "GITHUB_AUTH=***")]
    [InlineData("HTTP_COOKIE=a=b; c=d", "HTTP_COOKIE=***")]
    [InlineData("PHPSESSID_SESSION=x", "PHPSESSID_SESSION=***")]
    [InlineData("MYSQL_PWD=x", "MYSQL_PWD=***")]
    [InlineData("PWD=/home/xyz00", "PWD=***")]
    [InlineData("Credentials_File=/root/.aws", "Credentials_File=***")]
    [InlineData("SSH_AUTH_SOCK=/tmp/ssh", "SSH_AUTH_SOCK=***")]
    public void Mask_SecretName_ValueMasked(string entry, string expected) => Assert.Equal(expected, EnvironmentMask.Mask(entry));

    [Theory]
    [InlineData("POOL=stratum+tcp://4Abc:x@pool.example:3333", "POOL=stratum+tcp://***@pool.example:3333")]
    [InlineData("DATABASE_URL=postgres://app:s3cr%40t@db/app", "DATABASE_URL=postgres://***@db/app")]
    [InlineData("MIRRORS=https://a:b@one/ https://c:d@two/", "MIRRORS=https://***@one/ https://***@two/")]
    [InlineData("HOME_PAGE=https://user@example.org/", "HOME_PAGE=https://user@example.org/")]
    [InlineData("PATH=/usr/bin:/bin", "PATH=/usr/bin:/bin")]
    [InlineData("LANG=C.UTF-8", "LANG=C.UTF-8")]
    [InlineData("=odd", "=odd")]
    [InlineData("no equals sign", "no equals sign")]
    [InlineData("EMPTY=", "EMPTY=")]
    public void Mask_OtherValue_OnlyUrlPasswordsMasked(string entry, string expected) => Assert.Equal(expected, EnvironmentMask.Mask(entry));
}
