using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Messier.Journal.Migrations
{
    /// <inheritdoc />
    public partial class StatusCreatedAtIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_instances_Status_UpdatedAt",
                table: "instances");

            migrationBuilder.CreateIndex(
                name: "IX_instances_Status_CreatedAt",
                table: "instances",
                columns: new[] { "Status", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_instances_Status_CreatedAt",
                table: "instances");

            migrationBuilder.CreateIndex(
                name: "IX_instances_Status_UpdatedAt",
                table: "instances",
                columns: new[] { "Status", "UpdatedAt" });
        }
    }
}
