def test_home(world, login):
    c = login(world.admin)
    assert c.get("/").status_code == 200
