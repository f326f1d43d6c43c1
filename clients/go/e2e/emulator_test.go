// End-to-end tests of the generated Go clients against the dbpass emulator on 127.0.0.1: every operation of
// both specs, with the auth each client supports (IAM token through the spec's `iamToken` API key; HTTP
// Digest through github.com/icholy/digest as the http.Client transport), and the error paths.
package e2e

import (
	"bufio"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dbpass/dbpass/clients/go/oceanbase"
	"github.com/dbpass/dbpass/clients/go/taurusdb"
	"github.com/icholy/digest"
)

// Seed values of packages/emulator/src/seed.ts.
const (
	projectID      = "0b1f5a8e2c4d4e6f8a9b0c1d2e3f4a5b"
	taurusID       = "6f0d8b1c2a3e4f5061728394a5b6c7d8in07"
	starrocksID    = "7a1e9c2d3b4f5a6071829304b5c6d7e8in16"
	clickhouseID   = "8b2fa03e4c5d6b7182930415c6d7e8f9in16"
	unknownID      = "00000000000000000000000000000000in07"
	obAccessKey    = "OBEMULATORAK0001"
	obSecret       = "obEmulatorSecret0001"
	obProject      = "li15c8s987d2arse12345678"
	obInstance     = "obcluster-demo01"
	obTenant       = "t4demo0001"
	iamDomain      = "dbpass-demo"
	iamUser        = "rotator"
	iamPassword    = "Emulator-IAM-pass1"
	strongPassword = "Rotated_Pass-2026"
)

var baseURL string

func TestMain(m *testing.M) {
	_, file, _, _ := runtime.Caller(0)
	root := filepath.Join(filepath.Dir(file), "..", "..", "..")
	// DBPASS_NODE: the node binary itself (scripts/test.mjs sets it); a `node` found on PATH may be a wrapper
	// script whose child would outlive it. The emulator gets its own process group, stopped whole.
	nodeBinary := os.Getenv("DBPASS_NODE")
	if nodeBinary == "" {
		nodeBinary = "node"
	}
	cmd := exec.Command(nodeBinary, filepath.Join(root, "packages", "emulator", "bin", "dbpass-emulator.js"),
		"--port", "0", "--job-visible-after-ms", "50", "--job-duration-ms", "200")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		panic(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "cannot start the emulator (run `turbo run build` first):", err)
		os.Exit(1)
	}
	lines := bufio.NewScanner(stdout)
	listening := regexp.MustCompile(`listening on (http://127\.0\.0\.1:\d+)`)
	for lines.Scan() {
		if match := listening.FindStringSubmatch(lines.Text()); match != nil {
			baseURL = match[1]
			break
		}
	}
	go func() {
		for lines.Scan() {
		}
	}()
	code := 1
	if baseURL != "" {
		code = m.Run()
	} else {
		fmt.Fprintln(os.Stderr, "the emulator did not print its URL")
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
	_ = cmd.Wait()
	os.Exit(code)
}

// iamToken gets a token from the emulator's IAM (KeystoneCreateUserTokenByPassword).
func iamToken(t *testing.T) string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"auth": map[string]any{
		"identity": map[string]any{"methods": []string{"password"}, "password": map[string]any{
			"user": map[string]any{"name": iamUser, "password": iamPassword, "domain": map[string]any{"name": iamDomain}},
		}},
		"scope": map[string]any{"project": map[string]any{"id": projectID}},
	}})
	response, err := http.Post(baseURL+"/v3/auth/tokens", "application/json;charset=utf8", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer response.Body.Close()
	token := response.Header.Get("X-Subject-Token")
	if response.StatusCode != http.StatusCreated || token == "" {
		t.Fatalf("IAM token: status %d", response.StatusCode)
	}
	return token
}

func taurus(t *testing.T) (*taurusdb.APIClient, context.Context) {
	cfg := taurusdb.NewConfiguration()
	cfg.Servers = taurusdb.ServerConfigurations{{URL: baseURL}}
	ctx := context.WithValue(context.Background(), taurusdb.ContextAPIKeys, map[string]taurusdb.APIKey{"iamToken": {Key: iamToken(t)}})
	return taurusdb.NewAPIClient(cfg), ctx
}

func huaweiError(t *testing.T, err error, status int, response *http.Response) taurusdb.HuaweiError {
	t.Helper()
	var apiErr *taurusdb.GenericOpenAPIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("want a GenericOpenAPIError, got %v", err)
	}
	if response == nil || response.StatusCode != status {
		t.Fatalf("want HTTP %d, got %v", status, response)
	}
	model, ok := apiErr.Model().(taurusdb.HuaweiError)
	if !ok {
		t.Fatalf("error body not parsed as HuaweiError: %s", apiErr.Body())
	}
	return model
}

func TestResetGaussMySqlPassword(t *testing.T) {
	client, ctx := taurus(t)
	_, response, err := client.InstanceManagementAPI.ResetGaussMySqlPassword(ctx, projectID, taurusID).
		ResetGaussMySqlPasswordRequest(taurusdb.ResetGaussMySqlPasswordRequest{Password: strongPassword}).Execute()
	if err != nil || response.StatusCode != http.StatusOK {
		t.Fatalf("ResetGaussMySqlPassword: %v %v", err, response)
	}
}

func TestResetGaussMySqlDatabasePasswordAndJob(t *testing.T) {
	client, ctx := taurus(t)
	accepted, response, err := client.DatabaseUsersAPI.ResetGaussMySqlDatabasePassword(ctx, projectID, taurusID).
		ResetGaussMySqlDatabasePasswordRequest(taurusdb.ResetGaussMySqlDatabasePasswordRequest{
			Users: []taurusdb.ResetGaussMySqlDatabasePasswordRequestUsersInner{{Name: "app_user", Host: "%", Password: strongPassword}},
		}).Execute()
	if err != nil || response.StatusCode != http.StatusAccepted || accepted.JobId == "" {
		t.Fatalf("ResetGaussMySqlDatabasePassword: %v %v", err, response)
	}
	deadline := time.Now().Add(10 * time.Second)
	for {
		job, response, err := client.TaskCenterAPI.ShowGaussMySqlJobInfo(ctx, projectID).Id(accepted.JobId).Execute()
		if err != nil {
			// The job is reported as not existing for its first moments (DBS.200543).
			if model := huaweiError(t, err, http.StatusBadRequest, response); model.ErrorCode != "DBS.200543" {
				t.Fatalf("ShowGaussMySqlJobInfo: %s %s", model.ErrorCode, model.ErrorMsg)
			}
		} else if job.Job.Status == "Completed" {
			if job.Job.Id != accepted.JobId || job.Job.Instance.Id != taurusID {
				t.Fatalf("job %+v", job.Job)
			}
			return
		} else if job.Job.Status == "Failed" {
			t.Fatalf("job failed: %+v", job.Job)
		}
		if time.Now().After(deadline) {
			t.Fatal("the job did not complete")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestUpdateStarRocksDatabaseUserPassword(t *testing.T) {
	client, ctx := taurus(t)
	result, response, err := client.HTAPStarRocksAPI.UpdateStarRocksDatabaseUserPassword(ctx, projectID, starrocksID).
		UpdateStarRocksDatabaseUserPasswordRequest(taurusdb.UpdateStarRocksDatabaseUserPasswordRequest{UserName: "sr_analyst", Password: strongPassword}).Execute()
	if err != nil || response.StatusCode != http.StatusOK || result.GetResult() != "SUCCESS" {
		t.Fatalf("UpdateStarRocksDatabaseUserPassword: %v %v %+v", err, response, result)
	}
}

func TestUpdateClickHouseDatabaseUserPassword(t *testing.T) {
	client, ctx := taurus(t)
	_, response, err := client.HTAPClickHouseAPI.UpdateClickHouseDatabaseUserPassword(ctx, projectID, clickhouseID).
		UpdateClickHouseDatabaseUserPasswordRequest(taurusdb.UpdateClickHouseDatabaseUserPasswordRequest{UserName: "ch_analyst", Password: strongPassword}).Execute()
	if err != nil || response.StatusCode != http.StatusOK {
		t.Fatalf("UpdateClickHouseDatabaseUserPassword: %v %v", err, response)
	}
}

func TestTaurusErrors(t *testing.T) {
	client, ctx := taurus(t)
	t.Run("unknown instance is 404 DBS.200002", func(t *testing.T) {
		_, response, err := client.InstanceManagementAPI.ResetGaussMySqlPassword(ctx, projectID, unknownID).
			ResetGaussMySqlPasswordRequest(taurusdb.ResetGaussMySqlPasswordRequest{Password: strongPassword}).Execute()
		if model := huaweiError(t, err, http.StatusNotFound, response); model.ErrorCode != "DBS.200002" {
			t.Fatalf("got %s", model.ErrorCode)
		}
	})
	t.Run("weak password is 400", func(t *testing.T) {
		_, response, err := client.InstanceManagementAPI.ResetGaussMySqlPassword(ctx, projectID, taurusID).
			ResetGaussMySqlPasswordRequest(taurusdb.ResetGaussMySqlPasswordRequest{Password: "alllowercase"}).Execute()
		if model := huaweiError(t, err, http.StatusBadRequest, response); !strings.HasPrefix(model.ErrorCode, "DBS.") {
			t.Fatalf("got %s", model.ErrorCode)
		}
	})
	t.Run("no credentials is 401 APIGW", func(t *testing.T) {
		_, response, err := client.InstanceManagementAPI.ResetGaussMySqlPassword(context.Background(), projectID, taurusID).
			ResetGaussMySqlPasswordRequest(taurusdb.ResetGaussMySqlPasswordRequest{Password: strongPassword}).Execute()
		if model := huaweiError(t, err, http.StatusUnauthorized, response); !strings.HasPrefix(model.ErrorCode, "APIGW.") {
			t.Fatalf("got %s", model.ErrorCode)
		}
	})
}

func uuid() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	return fmt.Sprintf("%x-%x-%x-%x-%x", b[0:4], b[4:6], b[6:8], b[8:10], b[10:])
}

func ocean(secret string) *oceanbase.APIClient {
	cfg := oceanbase.NewConfiguration()
	cfg.Servers = oceanbase.ServerConfigurations{{URL: baseURL}}
	cfg.HTTPClient = &http.Client{Transport: &digest.Transport{Username: obAccessKey, Password: secret}}
	return oceanbase.NewAPIClient(cfg)
}

func modify(client *oceanbase.APIClient, user, password string) (*oceanbase.OceanBaseResult, *http.Response, error) {
	return client.TenantUsersAPI.ModifyTenantUserPassword(context.Background(), obInstance, obTenant, user).
		RequestId(uuid()).XObProjectId(obProject).
		ModifyTenantUserPasswordRequest(oceanbase.ModifyTenantUserPasswordRequest{UserPassword: password}).Execute()
}

func describeTenant(client *oceanbase.APIClient, instance, tenant, project string) (*oceanbase.DescribeTenant200Response, *http.Response, error) {
	return client.TenantsAPI.DescribeTenant(context.Background(), instance, tenant).
		RequestId(uuid()).XObProjectId(project).Execute()
}

func oceanError(t *testing.T, err error, status int, response *http.Response) oceanbase.OceanBaseError {
	t.Helper()
	var apiErr *oceanbase.GenericOpenAPIError
	if !errors.As(err, &apiErr) || response == nil || response.StatusCode != status {
		t.Fatalf("want HTTP %d and a GenericOpenAPIError, got %v %v", status, err, response)
	}
	model, ok := apiErr.Model().(oceanbase.OceanBaseError)
	if !ok {
		t.Fatalf("error body not parsed as OceanBaseError: %s", apiErr.Body())
	}
	return model
}

func TestModifyTenantUserPassword(t *testing.T) {
	result, response, err := modify(ocean(obSecret), "app_user", "Ocean_Base-2026x")
	if err != nil || response.StatusCode != http.StatusOK || !result.Success {
		t.Fatalf("ModifyTenantUserPassword: %v %v", err, response)
	}
}

func TestDescribeTenant(t *testing.T) {
	result, response, err := describeTenant(ocean(obSecret), obInstance, obTenant, obProject)
	if err != nil || response.StatusCode != http.StatusOK || !result.Success {
		t.Fatalf("DescribeTenant: %v %v", err, response)
	}
	if result.Data.TenantId != obTenant || result.Data.TenantMode != "MySQL" || result.Data.Status != "ONLINE" {
		t.Fatalf("DescribeTenant data: %+v", result.Data)
	}
}

func TestOceanBaseErrors(t *testing.T) {
	t.Run("unknown user is 404", func(t *testing.T) {
		_, response, err := modify(ocean(obSecret), "nobody", "Ocean_Base-2026x")
		if model := oceanError(t, err, http.StatusNotFound, response); model.GetErrorCode() != "NotFound" {
			t.Fatalf("got %s", model.GetErrorCode())
		}
	})
	t.Run("wrong secret is 401", func(t *testing.T) {
		_, response, err := modify(ocean("not-the-secret"), "app_user", "Ocean_Base-2026x")
		oceanError(t, err, http.StatusUnauthorized, response)
	})
	t.Run("DescribeTenant of an unknown tenant is 404", func(t *testing.T) {
		_, response, err := describeTenant(ocean(obSecret), obInstance, "t4nothere", obProject)
		if model := oceanError(t, err, http.StatusNotFound, response); model.GetErrorCode() != "NotFound" {
			t.Fatalf("got %s", model.GetErrorCode())
		}
	})
	t.Run("DescribeTenant in another project is 403", func(t *testing.T) {
		_, response, err := describeTenant(ocean(obSecret), obInstance, obTenant, "someoneelsesproject01")
		if model := oceanError(t, err, http.StatusForbidden, response); model.GetErrorCode() != "Forbidden" {
			t.Fatalf("got %s", model.GetErrorCode())
		}
	})
	t.Run("DescribeTenant with a wrong secret is 401", func(t *testing.T) {
		_, response, err := describeTenant(ocean("not-the-secret"), obInstance, obTenant, obProject)
		oceanError(t, err, http.StatusUnauthorized, response)
	})
}
