from wirecoder.datafiles import check_manifest, data_files, load_manifest


def test_datafiles_manifest_lists_every_file_with_current_rows_and_checksums():
    assert check_manifest() == []


def test_datafiles_manifest_covers_the_reference_data():
    listed = set(load_manifest()["files"])
    assert {"cameo.csv", "cameo_plover.csv", "plover.csv", "schema/article.schema.json"} <= listed
    assert set(data_files()) == listed
