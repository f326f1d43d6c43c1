// The user-management operations through the generated Go clients against the emulator: each test copies a seeded
// user's privileges to a new user, reads both back and compares them, then changes the new user's privileges.
package e2e

import (
	"context"
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/dbpass/dbpass/clients/go/oceanbase"
	"github.com/dbpass/dbpass/clients/go/taurusdb"
)

// waitForJob polls ShowGaussMySqlJobInfo until the job ends; DBS.200543 means it is not visible yet.
func waitForJob(t *testing.T, client *taurusdb.APIClient, ctx context.Context, jobID string) string {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		job, response, err := client.TaskCenterAPI.ShowGaussMySqlJobInfo(ctx, projectID).Id(jobID).Execute()
		if err != nil {
			if model := huaweiError(t, err, http.StatusBadRequest, response); model.ErrorCode != "DBS.200543" {
				t.Fatalf("ShowGaussMySqlJobInfo: %s %s", model.ErrorCode, model.ErrorMsg)
			}
		} else if job.Job.Status == "Completed" || job.Job.Status == "Failed" {
			return job.Job.Status
		}
		if time.Now().After(deadline) {
			t.Fatal("the job did not end")
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func listedUser(t *testing.T, client *taurusdb.APIClient, ctx context.Context, name string) *taurusdb.ListGaussMySqlDatabaseUser200ResponseUsersInner {
	t.Helper()
	listed, response, err := client.DatabaseUsersAPI.ListGaussMySqlDatabaseUser(ctx, projectID, taurusID).Offset(0).Limit(100).Execute()
	if err != nil || response.StatusCode != http.StatusOK {
		t.Fatalf("ListGaussMySqlDatabaseUser: %v %v", err, response)
	}
	if listed.GetTotalCount() != int32(len(listed.Users)) {
		t.Fatalf("total_count %d for %d users", listed.GetTotalCount(), len(listed.Users))
	}
	for _, user := range listed.Users {
		if user.Name == name && user.Host == "%" {
			return &user
		}
	}
	return nil
}

func TestDatabaseUserTwin(t *testing.T) {
	client, ctx := taurus(t)
	original := listedUser(t, client, ctx, "app_user")
	if original == nil || len(original.Databases) != 2 {
		t.Fatalf("app_user: %+v", original)
	}
	databases := []taurusdb.CreateGaussMySqlDatabaseUserRequestUsersInnerDatabasesInner{}
	for _, database := range original.Databases {
		databases = append(databases, taurusdb.CreateGaussMySqlDatabaseUserRequestUsersInnerDatabasesInner{Name: database.Name, Readonly: database.Readonly})
	}
	created, response, err := client.DatabaseUsersAPI.CreateGaussMySqlDatabaseUser(ctx, projectID, taurusID).
		CreateGaussMySqlDatabaseUserRequest(taurusdb.CreateGaussMySqlDatabaseUserRequest{
			Users: []taurusdb.CreateGaussMySqlDatabaseUserRequestUsersInner{{Name: "app_user_go_twin", Password: strongPassword, Hosts: []string{"%"}, Databases: databases}},
		}).Execute()
	if err != nil || response.StatusCode != http.StatusCreated || created.JobId == "" {
		t.Fatalf("CreateGaussMySqlDatabaseUser: %v %v", err, response)
	}
	if status := waitForJob(t, client, ctx, created.JobId); status != "Completed" {
		t.Fatalf("create job %s", status)
	}
	twin := listedUser(t, client, ctx, "app_user_go_twin")
	if twin == nil || !reflect.DeepEqual(twin.Databases, original.Databases) {
		t.Fatalf("twin %+v, want the databases of %+v", twin, original)
	}

	granted, response, err := client.DatabaseUsersAPI.AddDatabasePermission(ctx, projectID, taurusID).
		AddDatabasePermissionRequest(taurusdb.AddDatabasePermissionRequest{
			Users: []taurusdb.AddDatabasePermissionRequestUsersInner{{Name: "app_user_go_twin", Host: "%",
				Databases: []taurusdb.AddDatabasePermissionRequestUsersInnerDatabasesInner{{Name: "reports", Readonly: false}}}},
		}).Execute()
	if err != nil || response.StatusCode != http.StatusCreated || granted.GetJobId() == "" {
		t.Fatalf("AddDatabasePermission: %v %v", err, response)
	}
	if status := waitForJob(t, client, ctx, granted.GetJobId()); status != "Completed" {
		t.Fatalf("grant job %s", status)
	}
	for _, database := range listedUser(t, client, ctx, "app_user_go_twin").Databases {
		if database.Readonly {
			t.Fatalf("after the grant, %s is still read-only", database.Name)
		}
	}

	t.Run("an existing user is 409 DBS.200827", func(t *testing.T) {
		_, response, err := client.DatabaseUsersAPI.CreateGaussMySqlDatabaseUser(ctx, projectID, taurusID).
			CreateGaussMySqlDatabaseUserRequest(taurusdb.CreateGaussMySqlDatabaseUserRequest{
				Users: []taurusdb.CreateGaussMySqlDatabaseUserRequestUsersInner{{Name: "app_user", Password: strongPassword}},
			}).Execute()
		if model := huaweiError(t, err, http.StatusConflict, response); model.ErrorCode != "DBS.200827" {
			t.Fatalf("got %s", model.ErrorCode)
		}
	})
}

func int32Of(value int32) *int32 { return &value }

func TestStarRocksUserTwin(t *testing.T) {
	client, ctx := taurus(t)
	show := func(name string) taurusdb.ShowStarRocksDatabaseUser200ResponseUserDetailsInner {
		t.Helper()
		shown, response, err := client.HTAPStarRocksAPI.ShowStarRocksDatabaseUser(ctx, projectID, starrocksID).
			UserName(name).Limit(100).Offset(0).Execute()
		if err != nil || response.StatusCode != http.StatusOK || len(shown.UserDetails) != 1 {
			t.Fatalf("ShowStarRocksDatabaseUser %s: %v %v", name, err, response)
		}
		return shown.UserDetails[0]
	}
	original := show("sr_analyst")
	result, response, err := client.HTAPStarRocksAPI.CreateStarRocksDatabaseUser(ctx, projectID, starrocksID).
		CreateStarRocksDatabaseUserRequest(taurusdb.CreateStarRocksDatabaseUserRequest{
			UserName: "sr_go_twin", Password: strongPassword, Databases: original.DataBases, Dml: int32Of(original.Dml), Ddl: int32Of(original.Ddl),
		}).Execute()
	if err != nil || response.StatusCode != http.StatusOK || result.GetResult() != "SUCCESS" {
		t.Fatalf("CreateStarRocksDatabaseUser: %v %v", err, response)
	}
	twin := show("sr_go_twin")
	if !reflect.DeepEqual(twin.DataBases, original.DataBases) || twin.Dml != original.Dml || twin.Ddl != original.Ddl {
		t.Fatalf("twin %+v, want the privileges of %+v", twin, original)
	}
	// Only ddl is sent: the databases and the DML level are kept.
	_, response, err = client.HTAPStarRocksAPI.UpdateStarRocksDatabaseUserPermission(ctx, projectID, starrocksID).
		UpdateStarRocksDatabaseUserPermissionRequest(taurusdb.UpdateStarRocksDatabaseUserPermissionRequest{UserName: "sr_go_twin", Ddl: int32Of(1)}).Execute()
	if err != nil || response.StatusCode != http.StatusOK {
		t.Fatalf("UpdateStarRocksDatabaseUserPermission: %v %v", err, response)
	}
	if changed := show("sr_go_twin"); !reflect.DeepEqual(changed.DataBases, original.DataBases) || changed.Dml != original.Dml || changed.Ddl != 1 {
		t.Fatalf("after the update: %+v", changed)
	}
}

func TestClickHouseUserTwin(t *testing.T) {
	client, ctx := taurus(t)
	show := func(name string) taurusdb.ShowClickHouseDatabaseUser200ResponseUserDetailsInner {
		t.Helper()
		shown, response, err := client.HTAPClickHouseAPI.ShowClickHouseDatabaseUser(ctx, projectID, clickhouseID).UserName(name).Execute()
		if err != nil || response.StatusCode != http.StatusOK || len(shown.UserDetails) != 1 {
			t.Fatalf("ShowClickHouseDatabaseUser %s: %v %v", name, err, response)
		}
		return shown.UserDetails[0]
	}
	original := show("ch_analyst")
	_, response, err := client.HTAPClickHouseAPI.CreateClickHouseDatabaseUser(ctx, projectID, clickhouseID).
		CreateClickHouseDatabaseUserRequest(taurusdb.CreateClickHouseDatabaseUserRequest{
			UserName: "ch_go_twin", Password: strongPassword, Databases: original.Databases, Dml: int32Of(original.Dml),
		}).Execute()
	if err != nil || response.StatusCode != http.StatusOK {
		t.Fatalf("CreateClickHouseDatabaseUser: %v %v", err, response)
	}
	if twin := show("ch_go_twin"); !reflect.DeepEqual(twin.Databases, original.Databases) || twin.Dml != original.Dml {
		t.Fatalf("twin %+v, want the privileges of %+v", twin, original)
	}
	_, response, err = client.HTAPClickHouseAPI.UpdateClickHouseDatabaseUserPermission(ctx, projectID, clickhouseID).
		UpdateClickHouseDatabaseUserPermissionRequest(taurusdb.UpdateClickHouseDatabaseUserPermissionRequest{UserName: "ch_go_twin", Databases: []string{"*"}, Dml: 2}).Execute()
	if err != nil || response.StatusCode != http.StatusOK {
		t.Fatalf("UpdateClickHouseDatabaseUserPermission: %v %v", err, response)
	}
	if changed := show("ch_go_twin"); !reflect.DeepEqual(changed.Databases, []string{"*"}) || changed.Dml != 2 {
		t.Fatalf("after the update: %+v", changed)
	}
}

func describeTenantUser(t *testing.T, name string) oceanbase.DescribeTenantUsers200ResponseAllOfDataDataListInner {
	t.Helper()
	result, response, err := ocean(obSecret).TenantUsersAPI.DescribeTenantUsers(context.Background(), obInstance, obTenant).
		RequestId(uuid()).XObProjectId(obProject).UserName(name).PageNumber(1).PageSize(10).Execute()
	if err != nil || response.StatusCode != http.StatusOK || !result.Success || len(result.Data.DataList) != 1 {
		t.Fatalf("DescribeTenantUsers %s: %v %v", name, err, response)
	}
	return result.Data.DataList[0]
}

func TestTenantUserTwin(t *testing.T) {
	original := describeTenantUser(t, "app_user")
	roles := []map[string]any{}
	for _, grant := range original.Databases {
		roles = append(roles, map[string]any{"database": grant.Database, "role": grant.Role, "table": "", "privileges": "", "withGrant": grant.GetWithGrant() == 1})
	}
	text, _ := json.Marshal(roles)
	rolesText := string(text)
	created, response, err := ocean(obSecret).TenantUsersAPI.CreateTenantUser(context.Background(), obInstance, obTenant).
		RequestId(uuid()).XObProjectId(obProject).
		CreateTenantUserRequest(oceanbase.CreateTenantUserRequest{UserName: "app-user-go-twin", Password: "Ocean_Base-2026x", UserType: "Normal", Roles: &rolesText}).Execute()
	if err != nil || response.StatusCode != http.StatusOK || !created.Success {
		t.Fatalf("CreateTenantUser: %v %v", err, response)
	}
	twin := describeTenantUser(t, "app-user-go-twin")
	if len(twin.Databases) != len(original.Databases) {
		t.Fatalf("twin %+v, want the roles of %+v", twin, original)
	}
	for index, grant := range twin.Databases {
		want := original.Databases[index]
		if grant.Database != want.Database || grant.Role != want.Role || grant.GetWithGrant() != want.GetWithGrant() {
			t.Fatalf("twin role %+v, want %+v", grant, want)
		}
	}
	changed, response, err := ocean(obSecret).TenantUsersAPI.ModifyTenantUserRoles(context.Background(), obInstance, obTenant, "app-user-go-twin").
		XObProjectId(obProject).ModifyTenantUserRolesRequest(oceanbase.ModifyTenantUserRolesRequest{UserRole: "[]"}).Execute()
	if err != nil || response.StatusCode != http.StatusOK || !changed.Success {
		t.Fatalf("ModifyTenantUserRoles: %v %v", err, response)
	}
	if after := describeTenantUser(t, "app-user-go-twin"); len(after.Databases) != 0 {
		t.Fatalf("after [] the twin has roles: %+v", after.Databases)
	}
	t.Run("roles of an unknown user is 404", func(t *testing.T) {
		_, response, err := ocean(obSecret).TenantUsersAPI.ModifyTenantUserRoles(context.Background(), obInstance, obTenant, "nobody").
			XObProjectId(obProject).ModifyTenantUserRolesRequest(oceanbase.ModifyTenantUserRolesRequest{UserRole: "[]"}).Execute()
		if model := oceanError(t, err, http.StatusNotFound, response); model.GetErrorCode() != "NotFound" {
			t.Fatalf("got %s", model.GetErrorCode())
		}
	})
}
