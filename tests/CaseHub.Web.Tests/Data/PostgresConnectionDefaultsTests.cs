using CaseHub.Cases.Data;
using Npgsql;

namespace CaseHub.Web.Tests.Data;

public sealed class PostgresConnectionDefaultsTests
{
    [Fact]
    public void AStringWithoutThem_GetsAutoPrepareAndNoReset()
    {
        var tuned = new NpgsqlConnectionStringBuilder(DataSetup.WithPostgresDefaults("Host=127.0.0.1;Username=postgres;Database=casehub"));

        tuned.MaxAutoPrepare.ShouldBe(64);
        tuned.NoResetOnClose.ShouldBeTrue();
        tuned.Database.ShouldBe("casehub");
    }

    [Theory]
    [InlineData("Host=h;Max Auto Prepare=0;No Reset On Close=false")]
    [InlineData("Host=h;MaxAutoPrepare=0;NoResetOnClose=false")]
    [InlineData("Host=h;max auto prepare=0;no reset on close=false")]
    public void WhatTheOperatorSet_IsKept(string connectionString)
    {
        var tuned = new NpgsqlConnectionStringBuilder(DataSetup.WithPostgresDefaults(connectionString));

        tuned.MaxAutoPrepare.ShouldBe(0);
        tuned.NoResetOnClose.ShouldBeFalse();
    }
}
