// This project exists only as the startup project for `dotnet ef`; run tools/migrations.sh instead.
Console.Error.WriteLine("CaseHub.DbDesign is design-time only. Use tools/migrations.sh (add <Name> | check).");
return 1;
