namespace CaseHub.Workflows.Tests;
