#!/usr/bin/env escript
%% Runs supervision trees on real Erlang/OTP supervisors and prints what happened, for the lab to compare its own
%% decisions with. Input (argument 1): a file of Erlang terms, one case each:
%%   {case, Label, Tree, Actions}
%%   Tree    = {sup, Name, Strategy, MaxRestarts, Restart, [Tree]} | {worker, Name, Restart}
%%   Actions = [{fail, Worker} | {complete, Worker}]
%% For each case it prints "case Label", then one line per start or stop request, in the order they happened:
%% "start NAME" (a worker or supervisor started), "stop NAME" (a worker asked to stop), and "end".
%% Workers never end on their own; a supervisor's period is 3600 s, so only the actions decide.
-module(supervise).
-mode(compile).
-behaviour(supervisor).
-export([main/1, init/1, start_supervisor/4, start_worker/1, worker/1]).

main([File]) ->
    logger:set_primary_config(level, none), % OTP's own reports would mix with the lines
    process_flag(trap_exit, true),
    {ok, Cases} = file:consult(File),
    lists:foreach(fun run_case/1, Cases).

run_case({'case', Label, Tree, Actions}) ->
    io:format("case ~s~n", [Label]),
    Log = spawn_link(fun() -> collect([]) end),
    register(lab_log, Log),
    {ok, Root} = start_tree(Tree),
    settle(Tree),
    lists:foreach(fun(Action) -> act(Action, Tree) end, Actions),
    case is_process_alive(Root) of
        true ->
            unlink(Root),
            Ref = monitor(process, Root),
            exit(Root, shutdown),
            receive {'DOWN', Ref, process, Root, _} -> ok end;
        false -> ok
    end,
    flush_exits(),
    Log ! {dump, self()},
    receive {lines, Lines} -> lists:foreach(fun(Line) -> io:format("~s~n", [Line]) end, Lines) end,
    io:format("end~n").

collect(Lines) ->
    receive
        {line, Line} -> collect([Line | Lines]);
        {dump, To} -> unregister(lab_log), To ! {lines, lists:reverse(Lines)} % the next case takes the name
    end.

note(Format, Args) -> lab_log ! {line, io_lib:format(Format, Args)}.

start_tree({sup, Name, Strategy, MaxR, _Restart, Children}) ->
    start_supervisor(Name, Strategy, MaxR, Children).

start_supervisor(Name, Strategy, MaxR, Children) ->
    note("start ~s", [Name]),
    supervisor:start_link({local, Name}, ?MODULE, {Strategy, MaxR, Children}).

init({Strategy, MaxR, Children}) ->
    {ok, {#{strategy => Strategy, intensity => MaxR, period => 3600}, [spec(Child) || Child <- Children]}}.

spec({worker, Name, Restart}) ->
    #{id => Name, start => {?MODULE, start_worker, [Name]}, restart => Restart, shutdown => 5000};
spec({sup, Name, Strategy, MaxR, Restart, Children}) ->
    #{id => Name, start => {?MODULE, start_supervisor, [Name, Strategy, MaxR, Children]}, restart => Restart,
      shutdown => infinity, type => supervisor}.

%% Runs in the supervisor: the start is noted in the order the supervisor starts its children.
start_worker(Name) ->
    note("start ~s", [Name]),
    Pid = spawn_link(fun() -> process_flag(trap_exit, true), worker(Name) end),
    register(Name, Pid),
    {ok, Pid}.

worker(Name) ->
    receive
        {'EXIT', _From, shutdown} -> note("stop ~s", [Name]), exit(shutdown);
        {'EXIT', _From, Reason} -> exit(Reason);
        fail -> exit(error);
        complete -> exit(normal)
    end.

act({Kind, Name}, Tree) ->
    case whereis(Name) of
        undefined -> ok; % not running: nothing to do, as in the lab
        Pid ->
            Ref = monitor(process, Pid),
            Pid ! (case Kind of fail -> fail; complete -> complete end),
            receive {'DOWN', Ref, process, Pid, _} -> ok end,
            settle(Tree)
    end.

%% Waits until every supervisor has handled what it was sent: deepest first, twice, so that an escalation has
%% travelled up and the restarts it set off have come down.
settle(Tree) ->
    Names = supervisors(Tree),
    lists:foreach(fun(_) -> lists:foreach(fun ask/1, lists:reverse(Names) ++ Names) end, [1, 2, 3]).

ask(Name) ->
    case whereis(Name) of
        undefined -> ok;
        Pid -> catch sys:get_state(Pid, 5000)
    end.

supervisors({worker, _, _}) -> [];
supervisors({sup, Name, _, _, _, Children}) -> [Name | lists:append([supervisors(C) || C <- Children])].

flush_exits() ->
    receive {'EXIT', _, _} -> flush_exits() after 0 -> ok end.
