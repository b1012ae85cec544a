using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Forewarn.Core.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DigestRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SmartAccountId = table.Column<int>(type: "INTEGER", nullable: false),
                    UserId = table.Column<int>(type: "INTEGER", nullable: false),
                    DigestDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    EventCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ExpiringLineCount = table.Column<int>(type: "INTEGER", nullable: false),
                    DecidedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DigestRecords", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Mailbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ReceivedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    EnvelopeFrom = table.Column<string>(type: "TEXT", nullable: false),
                    EnvelopeTo = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    PreparedFor = table.Column<string>(type: "TEXT", nullable: false),
                    Raw = table.Column<byte[]>(type: "BLOB", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Mailbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Outbox",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IdempotencyKey = table.Column<string>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", nullable: false),
                    SmartAccountDomain = table.Column<string>(type: "TEXT", nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", nullable: false),
                    RecipientName = table.Column<string>(type: "TEXT", nullable: true),
                    Subject = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    TextBody = table.Column<string>(type: "TEXT", nullable: false),
                    HtmlBody = table.Column<string>(type: "TEXT", nullable: false),
                    ExtraHeaders = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    MessageId = table.Column<string>(type: "TEXT", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    NextAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LeaseOwner = table.Column<string>(type: "TEXT", nullable: true),
                    LeaseUntil = table.Column<DateTime>(type: "TEXT", nullable: true),
                    SentAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Outbox", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "SmartAccounts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Domain = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DigestHour = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SmartAccounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "Users",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Email = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    TimeZone = table.Column<string>(type: "TEXT", nullable: true),
                    PasswordHash = table.Column<string>(type: "TEXT", nullable: true),
                    HasDemoPassword = table.Column<bool>(type: "INTEGER", nullable: false),
                    FailedSignInCount = table.Column<int>(type: "INTEGER", nullable: false),
                    LockedUntil = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Users", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "VirtualAccounts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SmartAccountId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VirtualAccounts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VirtualAccounts_SmartAccounts_SmartAccountId",
                        column: x => x.SmartAccountId,
                        principalTable: "SmartAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ApiTokens",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastUsedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ApiTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ApiTokens_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "NotificationPreferences",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<int>(type: "INTEGER", nullable: false),
                    SmartAccountId = table.Column<int>(type: "INTEGER", nullable: false),
                    DailyEventSummary = table.Column<bool>(type: "INTEGER", nullable: false),
                    StatusNotification = table.Column<bool>(type: "INTEGER", nullable: false),
                    Events = table.Column<int>(type: "INTEGER", nullable: false),
                    ExpiringRangeDays = table.Column<int>(type: "INTEGER", nullable: true),
                    AdditionalEmails = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_NotificationPreferences", x => x.Id);
                    table.ForeignKey(
                        name: "FK_NotificationPreferences_SmartAccounts_SmartAccountId",
                        column: x => x.SmartAccountId,
                        principalTable: "SmartAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_NotificationPreferences_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Access",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UserId = table.Column<int>(type: "INTEGER", nullable: false),
                    SmartAccountId = table.Column<int>(type: "INTEGER", nullable: false),
                    VirtualAccountId = table.Column<int>(type: "INTEGER", nullable: true),
                    Role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Access", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Access_SmartAccounts_SmartAccountId",
                        column: x => x.SmartAccountId,
                        principalTable: "SmartAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Access_Users_UserId",
                        column: x => x.UserId,
                        principalTable: "Users",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Access_VirtualAccounts_VirtualAccountId",
                        column: x => x.VirtualAccountId,
                        principalTable: "VirtualAccounts",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "Events",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SmartAccountId = table.Column<int>(type: "INTEGER", nullable: false),
                    VirtualAccountId = table.Column<int>(type: "INTEGER", nullable: true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    ActorEmail = table.Column<string>(type: "TEXT", nullable: true),
                    StatusNotifiedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Events_SmartAccounts_SmartAccountId",
                        column: x => x.SmartAccountId,
                        principalTable: "SmartAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Events_VirtualAccounts_VirtualAccountId",
                        column: x => x.VirtualAccountId,
                        principalTable: "VirtualAccounts",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "Licenses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VirtualAccountId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    InUse = table.Column<int>(type: "INTEGER", nullable: false),
                    Available = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", nullable: false),
                    BillingType = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Licenses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Licenses_VirtualAccounts_VirtualAccountId",
                        column: x => x.VirtualAccountId,
                        principalTable: "VirtualAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ProductInstances",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    VirtualAccountId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", nullable: false),
                    ProductType = table.Column<string>(type: "TEXT", nullable: false),
                    UdiPid = table.Column<string>(type: "TEXT", nullable: false),
                    UdiSerialNumber = table.Column<string>(type: "TEXT", nullable: false),
                    RegisteredAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    LastAuthorizationAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    RegistrationState = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    LastRegistrationAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NextRegistrationAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AuthorizationState = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    AuthorizationExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    GraceEndsAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastAuthorizationAttemptAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    NextAuthorizationAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastCheckInAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LifecycleDueAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CredentialHash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ProductInstances", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ProductInstances_VirtualAccounts_VirtualAccountId",
                        column: x => x.VirtualAccountId,
                        principalTable: "VirtualAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "RegistrationTokens",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SmartAccountId = table.Column<int>(type: "INTEGER", nullable: false),
                    VirtualAccountId = table.Column<int>(type: "INTEGER", nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedByEmail = table.Column<string>(type: "TEXT", maxLength: 320, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ExpiresAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegistrationTokens", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RegistrationTokens_SmartAccounts_SmartAccountId",
                        column: x => x.SmartAccountId,
                        principalTable: "SmartAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_RegistrationTokens_VirtualAccounts_VirtualAccountId",
                        column: x => x.VirtualAccountId,
                        principalTable: "VirtualAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LicenseLines",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LicenseId = table.Column<int>(type: "INTEGER", nullable: false),
                    Position = table.Column<int>(type: "INTEGER", nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false),
                    StartDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EndDate = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    SubscriptionId = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LicenseLines", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LicenseLines_Licenses_LicenseId",
                        column: x => x.LicenseId,
                        principalTable: "Licenses",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "LicenseUsages",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProductInstanceId = table.Column<int>(type: "INTEGER", nullable: false),
                    LicenseName = table.Column<string>(type: "TEXT", nullable: false),
                    Quantity = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LicenseUsages", x => x.Id);
                    table.ForeignKey(
                        name: "FK_LicenseUsages_ProductInstances_ProductInstanceId",
                        column: x => x.ProductInstanceId,
                        principalTable: "ProductInstances",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Alerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SmartAccountId = table.Column<int>(type: "INTEGER", nullable: false),
                    VirtualAccountId = table.Column<int>(type: "INTEGER", nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    LicenseLineId = table.Column<int>(type: "INTEGER", nullable: true),
                    LicenseId = table.Column<int>(type: "INTEGER", nullable: true),
                    ProductInstanceId = table.Column<int>(type: "INTEGER", nullable: true),
                    ActionDue = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    RaisedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DismissedAt = table.Column<DateTime>(type: "TEXT", nullable: true),
                    DismissedBy = table.Column<string>(type: "TEXT", maxLength: 320, nullable: true),
                    ClearedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Alerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Alerts_LicenseLines_LicenseLineId",
                        column: x => x.LicenseLineId,
                        principalTable: "LicenseLines",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Alerts_Licenses_LicenseId",
                        column: x => x.LicenseId,
                        principalTable: "Licenses",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Alerts_ProductInstances_ProductInstanceId",
                        column: x => x.ProductInstanceId,
                        principalTable: "ProductInstances",
                        principalColumn: "Id");
                    table.ForeignKey(
                        name: "FK_Alerts_SmartAccounts_SmartAccountId",
                        column: x => x.SmartAccountId,
                        principalTable: "SmartAccounts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Alerts_VirtualAccounts_VirtualAccountId",
                        column: x => x.VirtualAccountId,
                        principalTable: "VirtualAccounts",
                        principalColumn: "Id");
                });

            migrationBuilder.CreateTable(
                name: "ExpirationRaises",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    LicenseLineId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Threshold = table.Column<int>(type: "INTEGER", nullable: false),
                    ExpiryDate = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    RaisedOn = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    EventId = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ExpirationRaises", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ExpirationRaises_Events_EventId",
                        column: x => x.EventId,
                        principalTable: "Events",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_ExpirationRaises_LicenseLines_LicenseLineId",
                        column: x => x.LicenseLineId,
                        principalTable: "LicenseLines",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Access_SmartAccountId",
                table: "Access",
                column: "SmartAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Access_UserId_SmartAccountId_VirtualAccountId_Role",
                table: "Access",
                columns: new[] { "UserId", "SmartAccountId", "VirtualAccountId", "Role" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Access_VirtualAccountId",
                table: "Access",
                column: "VirtualAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_LicenseId",
                table: "Alerts",
                column: "LicenseId");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_LicenseLineId",
                table: "Alerts",
                column: "LicenseLineId");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_OpenPerLicense",
                table: "Alerts",
                columns: new[] { "Kind", "LicenseId" },
                unique: true,
                filter: "\"State\" <> 'Cleared' AND \"LicenseLineId\" IS NULL AND \"LicenseId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_OpenPerLine",
                table: "Alerts",
                columns: new[] { "Kind", "LicenseLineId" },
                unique: true,
                filter: "\"State\" <> 'Cleared' AND \"LicenseLineId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_OpenPerProductInstance",
                table: "Alerts",
                columns: new[] { "Kind", "ProductInstanceId" },
                unique: true,
                filter: "\"State\" <> 'Cleared' AND \"ProductInstanceId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_ProductInstanceId",
                table: "Alerts",
                column: "ProductInstanceId");

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_SmartAccountId_State",
                table: "Alerts",
                columns: new[] { "SmartAccountId", "State" });

            migrationBuilder.CreateIndex(
                name: "IX_Alerts_VirtualAccountId",
                table: "Alerts",
                column: "VirtualAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokens_Hash",
                table: "ApiTokens",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ApiTokens_UserId_Name",
                table: "ApiTokens",
                columns: new[] { "UserId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_DigestRecords_SmartAccountId_UserId_DigestDate",
                table: "DigestRecords",
                columns: new[] { "SmartAccountId", "UserId", "DigestDate" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Events_SmartAccountId_At",
                table: "Events",
                columns: new[] { "SmartAccountId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_Events_StatusNotificationPending",
                table: "Events",
                columns: new[] { "SmartAccountId", "Id" },
                filter: "\"StatusNotifiedAt\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Events_VirtualAccountId",
                table: "Events",
                column: "VirtualAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_ExpirationRaises_EventId",
                table: "ExpirationRaises",
                column: "EventId");

            migrationBuilder.CreateIndex(
                name: "IX_ExpirationRaises_LicenseLineId_Kind_Threshold_ExpiryDate",
                table: "ExpirationRaises",
                columns: new[] { "LicenseLineId", "Kind", "Threshold", "ExpiryDate" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LicenseLines_EndDate",
                table: "LicenseLines",
                column: "EndDate");

            migrationBuilder.CreateIndex(
                name: "IX_LicenseLines_LicenseId_Position",
                table: "LicenseLines",
                columns: new[] { "LicenseId", "Position" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Licenses_VirtualAccountId_Name",
                table: "Licenses",
                columns: new[] { "VirtualAccountId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_LicenseUsages_ProductInstanceId_LicenseName",
                table: "LicenseUsages",
                columns: new[] { "ProductInstanceId", "LicenseName" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Mailbox_ReceivedAt",
                table: "Mailbox",
                column: "ReceivedAt");

            migrationBuilder.CreateIndex(
                name: "IX_NotificationPreferences_SmartAccountId",
                table: "NotificationPreferences",
                column: "SmartAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_NotificationPreferences_UserId_SmartAccountId",
                table: "NotificationPreferences",
                columns: new[] { "UserId", "SmartAccountId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_IdempotencyKey",
                table: "Outbox",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Outbox_Status_NextAttemptAt",
                table: "Outbox",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_ProductInstances_CredentialHash",
                table: "ProductInstances",
                column: "CredentialHash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ProductInstances_LifecycleDueAt",
                table: "ProductInstances",
                column: "LifecycleDueAt");

            migrationBuilder.CreateIndex(
                name: "IX_ProductInstances_VirtualAccountId_UdiSerialNumber",
                table: "ProductInstances",
                columns: new[] { "VirtualAccountId", "UdiSerialNumber" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RegistrationTokens_Hash",
                table: "RegistrationTokens",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RegistrationTokens_SmartAccountId",
                table: "RegistrationTokens",
                column: "SmartAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_RegistrationTokens_VirtualAccountId",
                table: "RegistrationTokens",
                column: "VirtualAccountId");

            migrationBuilder.CreateIndex(
                name: "IX_SmartAccounts_Domain",
                table: "SmartAccounts",
                column: "Domain",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Users_Email",
                table: "Users",
                column: "Email",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_VirtualAccounts_SmartAccountId_Name",
                table: "VirtualAccounts",
                columns: new[] { "SmartAccountId", "Name" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Access");

            migrationBuilder.DropTable(
                name: "Alerts");

            migrationBuilder.DropTable(
                name: "ApiTokens");

            migrationBuilder.DropTable(
                name: "DigestRecords");

            migrationBuilder.DropTable(
                name: "ExpirationRaises");

            migrationBuilder.DropTable(
                name: "LicenseUsages");

            migrationBuilder.DropTable(
                name: "Mailbox");

            migrationBuilder.DropTable(
                name: "NotificationPreferences");

            migrationBuilder.DropTable(
                name: "Outbox");

            migrationBuilder.DropTable(
                name: "RegistrationTokens");

            migrationBuilder.DropTable(
                name: "Events");

            migrationBuilder.DropTable(
                name: "LicenseLines");

            migrationBuilder.DropTable(
                name: "ProductInstances");

            migrationBuilder.DropTable(
                name: "Users");

            migrationBuilder.DropTable(
                name: "Licenses");

            migrationBuilder.DropTable(
                name: "VirtualAccounts");

            migrationBuilder.DropTable(
                name: "SmartAccounts");
        }
    }
}
