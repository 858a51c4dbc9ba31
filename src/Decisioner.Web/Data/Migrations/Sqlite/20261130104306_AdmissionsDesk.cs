using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Decisioner.Web.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class AdmissionsDesk : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DeskSessions",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    QuizId = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Answers = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Outcome = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Timing = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    FirstStep = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Headline = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    ResultJson = table.Column<string>(type: "TEXT", nullable: false),
                    ContentVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SavedById = table.Column<string>(type: "TEXT", nullable: true),
                    SavedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    ProspectName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ProspectEmail = table.Column<string>(type: "TEXT", maxLength: 254, nullable: true),
                    FollowUpOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    IdempotencyKey = table.Column<Guid>(type: "TEXT", nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false),
                    ErasedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeskSessions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DeskSessions_AspNetUsers_SavedById",
                        column: x => x.SavedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "DeskConsents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Purpose = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Given = table.Column<bool>(type: "INTEGER", nullable: false),
                    Wording = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RecordedById = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeskConsents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DeskConsents_AspNetUsers_RecordedById",
                        column: x => x.RecordedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_DeskConsents_DeskSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "DeskSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DeskNotes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    AuthorId = table.Column<string>(type: "TEXT", nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeskNotes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DeskNotes_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_DeskNotes_DeskSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "DeskSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "DeskStatusChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    To = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    ById = table.Column<string>(type: "TEXT", nullable: true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeskStatusChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_DeskStatusChanges_AspNetUsers_ById",
                        column: x => x.ById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_DeskStatusChanges_DeskSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "DeskSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_DeskConsents_RecordedById",
                table: "DeskConsents",
                column: "RecordedById");

            migrationBuilder.CreateIndex(
                name: "IX_DeskConsents_SessionId",
                table: "DeskConsents",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_DeskNotes_AuthorId",
                table: "DeskNotes",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_DeskNotes_SessionId",
                table: "DeskNotes",
                column: "SessionId");

            migrationBuilder.CreateIndex(
                name: "IX_DeskSessions_FollowUpOn",
                table: "DeskSessions",
                column: "FollowUpOn");

            migrationBuilder.CreateIndex(
                name: "IX_DeskSessions_IdempotencyKey",
                table: "DeskSessions",
                column: "IdempotencyKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DeskSessions_SavedAt",
                table: "DeskSessions",
                column: "SavedAt");

            migrationBuilder.CreateIndex(
                name: "IX_DeskSessions_SavedById",
                table: "DeskSessions",
                column: "SavedById");

            migrationBuilder.CreateIndex(
                name: "IX_DeskStatusChanges_ById",
                table: "DeskStatusChanges",
                column: "ById");

            migrationBuilder.CreateIndex(
                name: "IX_DeskStatusChanges_SessionId",
                table: "DeskStatusChanges",
                column: "SessionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DeskConsents");

            migrationBuilder.DropTable(
                name: "DeskNotes");

            migrationBuilder.DropTable(
                name: "DeskStatusChanges");

            migrationBuilder.DropTable(
                name: "DeskSessions");
        }
    }
}
